package io.pvepanel.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.pvepanel.testsupport.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import reactor.test.StepVerifier;

class PinnedAlgorithmJwtDecoderTests {

  static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
  static final Duration BOUND = Duration.ofSeconds(5);

  final PinnedAlgorithmJwtDecoder hs256 = hs256(new MutableClock(), 10_000);

  @Test
  void acceptsTheExistingSitesTokensWithANumericId() throws Exception {
    String token = hs(claims(b -> b.claim("id", 42)));
    StepVerifier.create(hs256.decode(token))
        .assertNext(jwt -> assertThat(CurrentUser.from(jwt).id()).isEqualTo("42"))
        .expectComplete()
        .verify(BOUND);
  }

  @Test
  void prefersSubAndReadsEmailAndAdminRole() throws Exception {
    String token =
        hs(
            claims(
                b ->
                    b.subject("u-7")
                        .claim("id", 3)
                        .claim("email", "a@example.test")
                        .claim("roles", List.of("user", "admin"))));
    StepVerifier.create(hs256.decode(token))
        .assertNext(
            jwt ->
                assertThat(CurrentUser.from(jwt))
                    .isEqualTo(new CurrentUser("u-7", "a@example.test", true)))
        .expectComplete()
        .verify(BOUND);
  }

  @Test
  void toleratesSixtySecondsOfSkewButNoMore() throws Exception {
    Instant now = Instant.now();
    accepted(hs(claims(b -> b.subject("1").expirationTime(Date.from(now.minusSeconds(30))))));
    refused(hs(claims(b -> b.subject("1").expirationTime(Date.from(now.minusSeconds(90))))));
    refused(hs(claims(b -> b.subject("1").notBeforeTime(Date.from(now.plusSeconds(120))))));
  }

  @Test
  void refusesTokensWithoutExpiryOrUser() throws Exception {
    refused(hs(new JWTClaimsSet.Builder().subject("1").build()));
    refused(hs(claims(b -> b.claim("email", "x@example.test"))));
  }

  @Test
  void refusesUnsignedAndOtherAlgorithms() throws Exception {
    refused(new PlainJWT(claims(b -> b.subject("1"))).serialize());
    SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims(b -> b.subject("1")));
    hs512.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));
    refused(hs512.serialize());
    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    SignedJWT rs = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(b -> b.subject("1")));
    rs.sign(new RSASSASigner(rsa));
    refused(rs.serialize());
  }

  @Test
  void refusesAlgorithmConfusionWithAPublicKeyAsTheHmacSecret() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    byte[] publicKeyAsSecret = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    PinnedAlgorithmJwtDecoder rs256 = rs256Decoder(URI.create("http://127.0.0.1:1/jwks"));
    SignedJWT forged =
        new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(b -> b.subject("1")));
    forged.sign(new MACSigner(publicKeyAsSecret));
    StepVerifier.create(rs256.decode(forged.serialize()))
        .expectError(JwtException.class)
        .verify(BOUND);
  }

  @Test
  void refusesKeyLocationHeadersAndOddKeyIds() throws Exception {
    JWTClaimsSet claims = claims(b -> b.subject("1"));
    refused(
        hs(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .jwkURL(URI.create("https://attacker.example/jwks"))
                .build(),
            claims));
    refused(
        hs(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .x509CertURL(URI.create("https://attacker.example/cert"))
                .build(),
            claims));
    refused(
        hs(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("../../etc/passwd").build(), claims));
    accepted(hs(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claims));
  }

  @Test
  void checksIssuerAndAudienceWhenConfigured() throws Exception {
    PinnedAlgorithmJwtDecoder strict =
        PinnedAlgorithmJwtDecoder.create(
            props(
                JwtProperties.Algorithm.HS256,
                SECRET,
                null,
                "https://site.example",
                "panel",
                10_000));
    String good = hs(claims(b -> b.subject("1").issuer("https://site.example").audience("panel")));
    String wrongIssuer =
        hs(claims(b -> b.subject("1").issuer("https://evil.example").audience("panel")));
    String wrongAudience =
        hs(claims(b -> b.subject("1").issuer("https://site.example").audience("other")));
    StepVerifier.create(strict.decode(good)).expectNextCount(1).expectComplete().verify(BOUND);
    StepVerifier.create(strict.decode(wrongIssuer)).expectError(JwtException.class).verify(BOUND);
    StepVerifier.create(strict.decode(wrongAudience)).expectError(JwtException.class).verify(BOUND);
  }

  @Test
  void verifiesRs256AndEs256AgainstAJwksUri() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
    String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
      SignedJWT rs =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID("r1")
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims(b -> b.subject("9")));
      rs.sign(new RSASSASigner(rsa));
      StepVerifier.create(rs256Decoder(uri).decode(rs.serialize()))
          .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("9"))
          .expectComplete()
          .verify(BOUND);

      SignedJWT es =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(),
              claims(b -> b.subject("10")));
      es.sign(new ECDSASigner(ec));
      PinnedAlgorithmJwtDecoder es256 =
          PinnedAlgorithmJwtDecoder.create(
              props(JwtProperties.Algorithm.ES256, null, uri, null, null, 10_000));
      StepVerifier.create(es256.decode(es.serialize()))
          .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("10"))
          .expectComplete()
          .verify(BOUND);
      // A token signed by a key the JWKS does not hold fails, whatever its kid says.
      SignedJWT stranger =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(),
              claims(b -> b.subject("9")));
      stranger.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
      StepVerifier.create(rs256Decoder(uri).decode(stranger.serialize()))
          .expectError(JwtException.class)
          .verify(BOUND);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusesGarbageAndTamperedSignatures() throws Exception {
    refused("not-a-token");
    String token = hs(claims(b -> b.subject("1")));
    String[] parts = token.split("\\.");
    String tampered =
        parts[0] + "." + Base64URL.encode("{\"sub\":\"2\",\"exp\":9999999999}") + "." + parts[2];
    refused(tampered);
  }

  @Test
  void aTokenPresentedAgainIsNotVerifiedAgainUntilItExpires() throws Exception {
    MutableClock clock = new MutableClock();
    PinnedAlgorithmJwtDecoder cached = hs256(clock, 10_000);
    String token =
        hs(claims(b -> b.subject("1").expirationTime(Date.from(clock.instant().plusSeconds(120)))));
    Jwt first = cached.decode(token).block(BOUND);
    StepVerifier.create(cached.decode(token))
        .assertNext(again -> assertThat(again).isSameAs(first))
        .expectComplete()
        .verify(BOUND);
    // 120 s to expiry plus 60 s of skew (exp is in whole seconds, hence the margins)
    clock.advance(Duration.ofSeconds(170));
    StepVerifier.create(cached.decode(token)).expectNext(first).expectComplete().verify(BOUND);
    clock.advance(Duration.ofSeconds(12));
    StepVerifier.create(cached.decode(token)).expectError(JwtException.class).verify(BOUND);
  }

  @Test
  void aRememberedTokenIsVerifiedAgainAfterFiveMinutes() throws Exception {
    MutableClock clock = new MutableClock();
    PinnedAlgorithmJwtDecoder cached = hs256(clock, 10_000);
    String token = hs(claims(b -> b.subject("1")));
    Jwt first = cached.decode(token).block(BOUND);
    clock.advance(PinnedAlgorithmJwtDecoder.MAX_REMEMBERED.plusSeconds(1));
    StepVerifier.create(cached.decode(token))
        .assertNext(again -> assertThat(again).isNotSameAs(first).isEqualTo(first))
        .expectComplete()
        .verify(BOUND);
  }

  @Test
  void aRememberedTokenWithAnotherSignatureIsVerifiedAndRefused() throws Exception {
    PinnedAlgorithmJwtDecoder cached = hs256(new MutableClock(), 10_000);
    String token = hs(claims(b -> b.subject("1")));
    cached.decode(token).block(BOUND);
    String[] parts = token.split("\\.");
    String otherSignature = parts[0] + "." + parts[1] + "." + Base64URL.encode("not the mac");
    StepVerifier.create(cached.decode(otherSignature))
        .expectError(JwtException.class)
        .verify(BOUND);
  }

  @Test
  void theCacheStaysWithinItsSize() throws Exception {
    PinnedAlgorithmJwtDecoder cached = hs256(new MutableClock(), 2);
    String a = hs(claims(b -> b.subject("1")));
    String b = hs(claims(x -> x.subject("2")));
    String c = hs(claims(x -> x.subject("3")));
    Jwt jwtA = cached.decode(a).block(BOUND);
    cached.decode(b).block(BOUND);
    assertThat(cached.decode(a).block(BOUND)).isSameAs(jwtA);
    cached.decode(c).block(BOUND); // full of live tokens: emptied, then holds c
    assertThat(cached.decode(a).block(BOUND)).isNotSameAs(jwtA);
  }

  @Test
  void sizeZeroVerifiesEveryTime() throws Exception {
    PinnedAlgorithmJwtDecoder uncached = hs256(new MutableClock(), 0);
    String token = hs(claims(b -> b.subject("1")));
    Jwt first = uncached.decode(token).block(BOUND);
    assertThat(uncached.decode(token).block(BOUND)).isNotSameAs(first).isEqualTo(first);
  }

  private static PinnedAlgorithmJwtDecoder hs256(MutableClock clock, int cacheSize) {
    return PinnedAlgorithmJwtDecoder.create(
        props(JwtProperties.Algorithm.HS256, SECRET, null, null, null, cacheSize), clock);
  }

  private static PinnedAlgorithmJwtDecoder rs256Decoder(URI jwks) {
    return PinnedAlgorithmJwtDecoder.create(
        props(JwtProperties.Algorithm.RS256, null, jwks, null, null, 10_000));
  }

  /** Settings as a test of the decoder needs them; the token scope is not required. */
  static JwtProperties props(
      JwtProperties.Algorithm algorithm,
      String secret,
      URI jwks,
      String issuer,
      String audience,
      int cacheSize) {
    return new JwtProperties(
        algorithm,
        secret,
        jwks,
        issuer,
        audience,
        false,
        Duration.ofHours(24),
        Duration.ofSeconds(60),
        4096,
        cacheSize,
        8_388_608,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30));
  }

  private void accepted(String token) {
    StepVerifier.create(hs256.decode(token)).expectNextCount(1).expectComplete().verify(BOUND);
  }

  private void refused(String token) {
    StepVerifier.create(hs256.decode(token)).expectError(JwtException.class).verify(BOUND);
  }

  static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(600)));
    customizer.accept(b);
    return b.build();
  }

  static String hs(JWTClaimsSet claims) throws Exception {
    return hs(new JWSHeader(JWSAlgorithm.HS256), claims);
  }

  static String hs(JWSHeader header, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
