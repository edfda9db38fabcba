package io.pvepanel.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
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
 * @param issuer the {@code iss} every token must carry ({@code JWT_ISSUER}); required unless {@code
 *     requireScope} is off
 * @param audience a value the {@code aud} claim must contain ({@code JWT_AUDIENCE}); required
 *     unless {@code requireScope} is off
 * @param requireScope whether issuer and audience must be configured and every token must carry
 *     them, and an {@code iat}. On by default; only the local run and the tests turn it off, so no
 *     other token the hosting site signs with the same secret (a mail-confirmation link) becomes a
 *     session. With it on, the local run's development secret is refused too.
 * @param maxLifetime the longest a token may be valid ({@code exp - iat}). Default 24 h.
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}. Default 60 s.
 * @param maxTokenLength tokens longer than this (characters) are refused before any decoding.
 *     Default 4,096: a session token is a few hundred.
 * @param verifiedCacheSize how many verified tokens are remembered so a token presented again is
 *     not parsed and verified again (it is still refused once expired); {@code 0} turns the cache
 *     off. Default 10,000.
 * @param verifiedCacheBytes how many characters of tokens the cache holds at most. Default 8 MiB
 *     worth (8,388,608).
 * @param jwksRefreshInterval RS256/ES256: how long a fetched key set is used before it is fetched
 *     again. Default 5 min.
 * @param jwksMinRefreshInterval RS256/ES256: a token with an unknown key id makes the key set be
 *     fetched again at most this often. Default 30 s.
 */
@Validated
@ConfigurationProperties("pvepanel.security.jwt")
public record JwtProperties(
    @NotNull @DefaultValue("HS256") Algorithm algorithm,
    String secret,
    URI jwksUri,
    String issuer,
    String audience,
    @DefaultValue("true") boolean requireScope,
    @NotNull @DefaultValue("24h") Duration maxLifetime,
    @NotNull @DefaultValue("60s") Duration clockSkew,
    @Min(256) @Max(65536) @DefaultValue("4096") int maxTokenLength,
    @PositiveOrZero @DefaultValue("10000") int verifiedCacheSize,
    @PositiveOrZero @DefaultValue("8388608") long verifiedCacheBytes,
    @NotNull @DefaultValue("5m") Duration jwksRefreshInterval,
    @NotNull @DefaultValue("30s") Duration jwksMinRefreshInterval) {

  /**
   * Secrets that were published as examples (the compose {@code .env.example}) and so are no
   * secret; refused everywhere.
   */
  static final Set<String> PLACEHOLDER_SECRETS =
      Set.of(
          "change-me-to-at-least-32-random-bytes-xxxxxxxxxxxx", "changeme", "change-me", "secret");

  /** The local run's development default: refused wherever the token scope is required. */
  static final String LOCAL_DEVELOPMENT_SECRET =
      "local-suite-dev-secret-not-for-production-0123456789";

  /** The algorithms the suite accepts. */
  public enum Algorithm {
    HS256,
    RS256,
    ES256
  }

  public JwtProperties {
    if (algorithm == Algorithm.HS256) {
      if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException(
            "pvepanel.security.jwt.secret (JWT_SECRET) must be set to at least 32 bytes for HS256");
      }
      if (PLACEHOLDER_SECRETS.contains(secret)
          || secret.chars().distinct().count() < 8
          || (requireScope && LOCAL_DEVELOPMENT_SECRET.equals(secret))) {
        throw new IllegalArgumentException(
            "pvepanel.security.jwt.secret (JWT_SECRET) is a published placeholder or too uniform;"
                + " set a random secret of at least 32 bytes");
      }
    } else if (jwksUri == null) {
      throw new IllegalArgumentException(
          "pvepanel.security.jwt.jwks-uri must be set for " + algorithm);
    }
    if (requireScope && (blank(issuer) || blank(audience))) {
      throw new IllegalArgumentException(
          "pvepanel.security.jwt.issuer (JWT_ISSUER) and audience (JWT_AUDIENCE) must be set;"
              + " only a local run or a test may turn pvepanel.security.jwt.require-scope off");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
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
        + ", requireScope="
        + requireScope
        + ", maxLifetime="
        + maxLifetime
        + ", clockSkew="
        + clockSkew
        + ", verifiedCacheSize="
        + verifiedCacheSize
        + "]";
  }
}
