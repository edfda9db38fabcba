package io.pvepanel.localsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokensTests {

  private static final String SECRET = "tokens-tests-secret-0123456789abcdef-xyz";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void userTokenIsHs256WithIdEmailAndTwelveHours() throws Exception {
    SignedJWT jwt = SignedJWT.parse(Tokens.user(SECRET, 1, NOW));
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertThat(c.getLongClaim("id")).isEqualTo(1L);
    assertThat(c.getStringClaim("email")).isEqualTo("user1@demo.test");
    assertThat(c.getClaim("roles")).isNull();
    assertThat(c.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(12)));
  }

  @Test
  void adminTokenCarriesTheAdminRole() throws Exception {
    JWTClaimsSet c = SignedJWT.parse(Tokens.admin(SECRET, NOW)).getJWTClaimsSet();
    assertThat(c.getStringListClaim("roles")).containsExactly("admin");
    assertThat(c.getStringClaim("email")).isEqualTo("admin@demo.test");
  }

  @Test
  void anotherSecretDoesNotVerify() throws Exception {
    SignedJWT jwt = SignedJWT.parse(Tokens.user(SECRET, 2, NOW));
    assertThat(jwt.verify(new MACVerifier("another-secret-0123456789abcdef-0123456789"))).isFalse();
  }
}
