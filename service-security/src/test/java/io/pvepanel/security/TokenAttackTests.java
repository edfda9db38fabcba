package io.pvepanel.security;

import static io.pvepanel.security.PinnedAlgorithmJwtDecoderTests.SECRET;
import static io.pvepanel.security.PinnedAlgorithmJwtDecoderTests.claims;
import static io.pvepanel.security.PinnedAlgorithmJwtDecoderTests.hs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import reactor.test.StepVerifier;

/**
 * What a customer holding one valid token, or none, can do against the token check (issue #13,
 * holes 1, 5 and 6; docs/security.md). Each test failed before its fix.
 */
class TokenAttackTests {

  static final Duration BOUND = Duration.ofSeconds(10);

  /** Hole 1: a valid token padded with characters Nimbus' base64 decoder would skip. */
  @Test
  void paddedVariantsOfAValidTokenAreRefusedAndNeverFillTheCache() throws Exception {
    PinnedAlgorithmJwtDecoder decoder = decoder(unscoped(), new MutableClock());
    String token = hs(claims(b -> b.subject("1")));
    StepVerifier.create(decoder.decode(token)).expectNextCount(1).verifyComplete();
    String[] parts = token.split("\\.");
    List<String> variants =
        List.of(
            token + "=",
            token + "~",
            parts[0]
                + "."
                + parts[1]
                + "."
                + parts[2].substring(0, 10)
                + " "
                + parts[2].substring(10),
            parts[0]
                + "."
                + parts[1]
                + "."
                + parts[2].substring(0, 10)
                + "~~~"
                + parts[2].substring(10),
            parts[0] + "=." + parts[1] + "." + parts[2],
            "\t" + token,
            token + "." + parts[2]);
    for (String variant : variants) {
      StepVerifier.create(decoder.decode(variant)).expectError(JwtException.class).verify(BOUND);
    }
    // a last character whose unused bits are set decodes to the same bytes: not canonical either
    String sig = parts[2];
    char last = sig.charAt(sig.length() - 1);
    String alias =
        parts[0] + "." + parts[1] + "." + sig.substring(0, sig.length() - 1) + (char) (last + 1);
    if (!alias.equals(token)) {
      StepVerifier.create(decoder.decode(alias)).expectError(JwtException.class).verify(BOUND);
    }
    assertThat(decoder.cacheUse()[0]).isEqualTo(1);
  }

  @Test
  void aTokenLongerThanTheLimitIsRefusedBeforeDecoding() throws Exception {
    PinnedAlgorithmJwtDecoder decoder = decoder(unscoped(), new MutableClock());
    String big = hs(claims(b -> b.subject("1").claim("pad", "x".repeat(5000))));
    StepVerifier.create(decoder.decode(big)).expectError(JwtException.class).verify(BOUND);
    assertThat(decoder.cacheUse()[0]).isZero();
  }

  @Test
  void theCacheIsBoundedByTheCharactersItHolds() throws Exception {
    JwtProperties small =
        new JwtProperties(
            JwtProperties.Algorithm.HS256,
            SECRET,
            null,
            null,
            null,
            false,
            Duration.ofHours(24),
            Duration.ofSeconds(60),
            4096,
            10_000,
            20_000,
            Duration.ofMinutes(5),
            Duration.ofSeconds(30));
    PinnedAlgorithmJwtDecoder decoder = decoder(small, new MutableClock());
    for (int i = 0; i < 200; i++) {
      int n = i;
      String token = hs(claims(b -> b.subject("u" + n).claim("pad", "p".repeat(2000))));
      StepVerifier.create(decoder.decode(token)).expectNextCount(1).verifyComplete();
      assertThat(decoder.cacheUse()[1]).isLessThanOrEqualTo(20_000);
    }
  }

  /** Hole 5: another token the site signs with the same secret is no session. */
  @Test
  void whereTheScopeIsRequiredOnlyTokensForThePanelAreSessions() throws Exception {
    MutableClock clock = new MutableClock();
    PinnedAlgorithmJwtDecoder decoder = decoder(scoped(), clock);
    Instant now = Instant.now();
    String good =
        hs(
            claims(
                b ->
                    b.subject("1")
                        .issuer("https://site.example")
                        .audience("pvepanel")
                        .issueTime(Date.from(now))));
    StepVerifier.create(decoder.decode(good)).expectNextCount(1).verifyComplete();
    List<String> refused =
        List.of(
            // a mail-confirmation link's token: same secret, no audience
            hs(
                claims(
                    b -> b.subject("1").issuer("https://site.example").issueTime(Date.from(now)))),
            hs(claims(b -> b.subject("1").audience("pvepanel").issueTime(Date.from(now)))),
            // no issue time
            hs(claims(b -> b.subject("1").issuer("https://site.example").audience("pvepanel"))),
            // issued in the future
            hs(
                claims(
                    b ->
                        b.subject("1")
                            .issuer("https://site.example")
                            .audience("pvepanel")
                            .issueTime(Date.from(now.plusSeconds(600))))),
            // valid for longer than allowed
            hs(
                claims(
                    b ->
                        b.subject("1")
                            .issuer("https://site.example")
                            .audience("pvepanel")
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(Duration.ofDays(30)))))));
    for (String token : refused) {
      StepVerifier.create(decoder.decode(token)).expectError(JwtException.class).verify(BOUND);
    }
  }

  @Test
  void publishedPlaceholderSecretsAndAMissingScopeAreRefusedAtStart() {
    for (String placeholder :
        List.of(
            "change-me-to-at-least-32-random-bytes-xxxxxxxxxxxx",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            JwtProperties.LOCAL_DEVELOPMENT_SECRET)) {
      assertThatThrownBy(() -> hs256(placeholder, "https://site.example", "pvepanel", true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("placeholder");
    }
    assertThatThrownBy(() -> hs256(SECRET, null, "pvepanel", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JWT_ISSUER");
    assertThatThrownBy(() -> hs256(SECRET, "https://site.example", " ", true))
        .isInstanceOf(IllegalArgumentException.class);
    // the local run may use its development secret without a scope
    assertThat(hs256(JwtProperties.LOCAL_DEVELOPMENT_SECRET, null, null, false)).isNotNull();
  }

  /** Hole 6: invented key ids must not make the service fetch the issuer's key set each time. */
  @Test
  void unknownKeyIdsFetchTheKeySetAtMostOncePerInterval() throws Exception {
    RSAKey known = new RSAKeyGenerator(2048).keyID("k1").generate();
    RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
    AtomicReference<String> published =
        new AtomicReference<>(new JWKSet(known.toPublicJWK()).toString());
    AtomicInteger fetches = new AtomicInteger();
    HttpServer issuer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer.createContext(
        "/jwks",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    issuer.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks");
      MutableClock clock = new MutableClock();
      PinnedAlgorithmJwtDecoder decoder =
          decoder(
              PinnedAlgorithmJwtDecoderTests.props(
                  JwtProperties.Algorithm.RS256, null, uri, null, null, 10_000),
              clock);
      StepVerifier.create(decoder.decode(rs(known, "k1", "1"))).expectNextCount(1).verifyComplete();
      int afterFirst = fetches.get();
      for (int i = 0; i < 50; i++) {
        StepVerifier.create(decoder.decode(rs(rotated, "invented-" + i, "1")))
            .expectError(JwtException.class)
            .verify(BOUND);
      }
      assertThat(fetches.get() - afterFirst).isLessThanOrEqualTo(1);

      // the issuer rotates to k2: accepted once the interval has passed
      published.set(new JWKSet(List.of(known.toPublicJWK(), rotated.toPublicJWK())).toString());
      clock.advance(Duration.ofSeconds(31));
      StepVerifier.create(decoder.decode(rs(rotated, "k2", "2")))
          .expectNextCount(1)
          .verifyComplete();
    } finally {
      issuer.stop(0);
    }
  }

  private static String rs(RSAKey key, String kid, String subject) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
            claims(b -> b.subject(subject)));
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static JwtProperties unscoped() {
    return PinnedAlgorithmJwtDecoderTests.props(
        JwtProperties.Algorithm.HS256, SECRET, null, null, null, 10_000);
  }

  private static JwtProperties scoped() {
    return hs256(SECRET, "https://site.example", "pvepanel", true);
  }

  private static JwtProperties hs256(
      String secret, String issuer, String audience, boolean requireScope) {
    return new JwtProperties(
        JwtProperties.Algorithm.HS256,
        secret,
        null,
        issuer,
        audience,
        requireScope,
        Duration.ofHours(24),
        Duration.ofSeconds(60),
        4096,
        10_000,
        8_388_608,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30));
  }

  private static PinnedAlgorithmJwtDecoder decoder(JwtProperties properties, MutableClock clock) {
    return PinnedAlgorithmJwtDecoder.create(properties, clock);
  }
}
