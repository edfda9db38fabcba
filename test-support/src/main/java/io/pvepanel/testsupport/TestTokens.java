package io.pvepanel.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * HS256 user tokens signed with the tests' shared secret, in the shape the hosting site issues them
 * ({@code {"id": n}}) plus {@code email} and {@code roles}.
 */
public final class TestTokens {

  /** The secret services under test are configured with; test-only, never a real one. */
  public static final String SECRET = "test-only-secret-0123456789abcdef-0123456789";

  /** The RSocket service token (gateway ⇄ control) services under test share; test-only. */
  public static final String SERVICE_TOKEN = "test-only-service-token-0123456789abcdef";

  private TestTokens() {}

  /** A token for user {@code id}, valid for ten minutes. */
  public static String user(String id) {
    return token(id, id + "@example.test", false, Duration.ofMinutes(10));
  }

  /** A support-staff token ({@code roles: ["admin"]}). */
  public static String admin(String id) {
    return token(id, id + "@example.test", true, Duration.ofMinutes(10));
  }

  public static String token(String id, String email, boolean admin, Duration validFor) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .claim("id", id.matches("\\d{1,18}") ? (Object) Long.parseLong(id) : id)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(validFor)));
    if (email != null) {
      claims.claim("email", email);
    }
    if (admin) {
      claims.claim("roles", List.of("admin"));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** Configures a service under test to accept these tokens. */
  public static void registerSpringProperties(DynamicPropertyRegistry registry) {
    registry.add("pvepanel.security.jwt.algorithm", () -> "HS256");
    registry.add("pvepanel.security.jwt.secret", () -> SECRET);
    // tests mint tokens without iss/aud, as only a test or the local run may accept
    registry.add("pvepanel.security.jwt.require-scope", () -> "false");
    registry.add("pvepanel.rsocket.service-token", () -> SERVICE_TOKEN);
  }
}
