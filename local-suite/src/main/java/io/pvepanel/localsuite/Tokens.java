package io.pvepanel.localsuite;

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

/** HS256 demo tokens in the hosting site's shape: {@code {"id": n, "email", "roles"?, "exp"}}. */
public final class Tokens {

  /** How long the printed demo tokens are valid. */
  public static final Duration VALIDITY = Duration.ofHours(12);

  private Tokens() {}

  public static String user(String secret, long id, Instant now) {
    return mint(secret, id, "user" + id + "@demo.test", false, now, VALIDITY);
  }

  public static String admin(String secret, Instant now) {
    return mint(secret, 1000, "admin@demo.test", true, now, VALIDITY);
  }

  public static String mint(
      String secret, long id, String email, boolean admin, Instant now, Duration validFor) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .claim("id", id)
            .claim("email", email)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(validFor)));
    if (admin) {
      claims.claim("roles", List.of("admin"));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a demo token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
