package io.pvepanel.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pvepanel.gateway.support.EchoBackend;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway configured for RS256 against a local JWKS: a properly signed token passes, the
 * classic HS256-signed-with-the-public-key confusion and a wrong issuer/audience are 401 and never
 * reach the service.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pvepanel.gateway.live.consume=false",
      "pvepanel.security.jwt.algorithm=RS256",
      "pvepanel.security.jwt.issuer=https://id.example.test",
      "pvepanel.security.jwt.audience=pvepanel",
    })
@AutoConfigureWebTestClient
class Rs256TokenIntegrationTests {

  static final EchoBackend CONTROL = new EchoBackend("control");
  static final RSAKey KEY;

  static {
    try {
      KEY = new RSAKeyGenerator(2048).keyID("k1").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    CONTROL.serveJwks(new JWKSet(KEY.toPublicJWK()).toString());
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("pvepanel.security.jwt.jwks-uri", () -> CONTROL.url() + "/jwks");
    registry.add("pvepanel.gateway.backends.control", CONTROL::url);
  }

  @AfterAll
  static void stop() {
    CONTROL.close();
  }

  @Autowired WebTestClient http;

  static JWTClaimsSet claims(String issuer, String audience) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject("7")
        .issuer(issuer)
        .audience(audience)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .build();
  }

  static String rs256(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
    jwt.sign(new RSASSASigner(KEY));
    return jwt.serialize();
  }

  void expect(String token, int status) {
    http.get()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }

  @Test
  void acceptsProperRs256Tokens() throws Exception {
    expect(rs256(claims("https://id.example.test", "pvepanel")), 200);
  }

  @Test
  void refusesHs256SignedWithThePublicKey() throws Exception {
    int before = CONTROL.requests();
    byte[] publicKey = KEY.toRSAPublicKey().getEncoded();
    byte[] pem =
        ("-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(publicKey)
                + "\n-----END PUBLIC KEY-----\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (byte[] secret :
        new byte[][] {publicKey, pem, KEY.toPublicJWK().toJSONString().getBytes()}) {
      SignedJWT confused =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
              claims("https://id.example.test", "pvepanel"));
      confused.sign(new MACSigner(secret));
      http.get()
          .uri("/api/server/my-servers")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + confused.serialize())
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .exists(HttpHeaders.WWW_AUTHENTICATE);
    }
    assertThat(CONTROL.requests()).isEqualTo(before);
  }

  @Test
  void refusesWrongIssuerOrAudience() throws Exception {
    int before = CONTROL.requests();
    expect(rs256(claims("https://evil.example.test", "pvepanel")), 401);
    expect(rs256(claims("https://id.example.test", "other")), 401);
    assertThat(CONTROL.requests()).isEqualTo(before);
  }

  @Test
  void refusesUnknownKeyId() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("k2").generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k2").build(),
            claims("https://id.example.test", "pvepanel"));
    jwt.sign(new RSASSASigner(other));
    expect(jwt.serialize(), 401);
  }
}
