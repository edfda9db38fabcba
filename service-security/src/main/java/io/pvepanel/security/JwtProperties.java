package io.pvepanel.security;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every service (and the gateway) validates user tokens; bound from {@code
 * pvepanel.security.jwt.*}.
 *
 * @param algorithm the only accepted JWS algorithm; never taken from the token. Default {@code
 *     HS256}.
 * @param secret the HS256 shared secret, at least 32 bytes; from the environment ({@code
 *     JWT_SECRET}), never committed. Required for {@code HS256}.
 * @param jwksUri where RS256/ES256 public keys are published. Required for those algorithms.
 * @param issuer when set, the {@code iss} claim must equal it
 * @param audience when set, the {@code aud} claim must contain it
 * @param clockSkew tolerance for {@code exp} and {@code nbf}. Default 60 s.
 * @param verifiedCacheSize how many verified tokens are remembered so a token presented again is
 *     not parsed and verified again (it is still refused once expired); {@code 0} turns the cache
 *     off. Default 10,000.
 */
@Validated
@ConfigurationProperties("pvepanel.security.jwt")
public record JwtProperties(
    @NotNull @DefaultValue("HS256") Algorithm algorithm,
    String secret,
    URI jwksUri,
    String issuer,
    String audience,
    @NotNull @DefaultValue("60s") Duration clockSkew,
    @PositiveOrZero @DefaultValue("10000") int verifiedCacheSize) {

  /** The algorithms the suite accepts. */
  public enum Algorithm {
    HS256,
    RS256,
    ES256
  }

  public JwtProperties {
    if (algorithm == Algorithm.HS256) {
      if (secret == null || secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException(
            "pvepanel.security.jwt.secret (JWT_SECRET) must be set to at least 32 bytes for HS256");
      }
    } else if (jwksUri == null) {
      throw new IllegalArgumentException(
          "pvepanel.security.jwt.jwks-uri must be set for " + algorithm);
    }
  }

  @Override
  public String toString() {
    return "JwtProperties[algorithm="
        + algorithm
        + ", jwksUri="
        + jwksUri
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", clockSkew="
        + clockSkew
        + ", verifiedCacheSize="
        + verifiedCacheSize
        + "]";
  }
}
