package io.pvepanel.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Decodes user tokens with exactly one algorithm, chosen by configuration.
 *
 * <p>Before any signature check the JOSE header is inspected: unsigned tokens ({@code alg: none}),
 * any other algorithm (the HS256-with-a-public-key confusion), key-location headers ({@code jku},
 * {@code x5u}, {@code jwk}, {@code x5c}) and odd {@code kid} values are refused, so nothing in a
 * token can steer which key verifies it. Then Nimbus verifies the signature and the claims: {@code
 * exp} required, {@code exp}/{@code nbf} within the configured skew, optional {@code iss} and
 * {@code aud}, and a user id in {@code sub} or {@code id}.
 *
 * <p>A token that passed all of this is remembered (keyed by its exact text, so any change to a
 * single character, signature included, is a different token that is verified afresh) until it
 * expires, at most {@link #MAX_REMEMBERED} after it was verified, so a client sending the same
 * token with every request pays for parsing and verification once. Expiry is checked on every use
 * with the same skew. The cache holds at most {@code verifiedCacheSize} tokens; when full of live
 * ones it is emptied and refilled rather than sorted.
 */
public final class PinnedAlgorithmJwtDecoder implements ReactiveJwtDecoder {

  private static final Pattern SANE_KID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  /**
   * The longest a verified token is trusted without verifying it again: as long as Nimbus caches a
   * JWKS, so a key withdrawn from the set stops being honoured no later than with no cache.
   */
  static final Duration MAX_REMEMBERED = Duration.ofMinutes(5);

  private record Verified(Jwt jwt, Instant trustedUntil) {}

  private final JWSAlgorithm algorithm;
  private final ReactiveJwtDecoder delegate;
  private final Clock clock;
  private final Duration skew;
  private final int cacheSize;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private PinnedAlgorithmJwtDecoder(
      JWSAlgorithm algorithm, ReactiveJwtDecoder delegate, Clock clock, JwtProperties properties) {
    this.algorithm = algorithm;
    this.delegate = delegate;
    this.clock = clock;
    this.skew = properties.clockSkew();
    this.cacheSize = properties.verifiedCacheSize();
  }

  /** Builds the decoder the whole suite uses from its configuration. */
  public static PinnedAlgorithmJwtDecoder create(JwtProperties properties) {
    return create(properties, Clock.systemUTC());
  }

  /** As {@link #create(JwtProperties)}, judging {@code exp} and {@code nbf} on {@code clock}. */
  public static PinnedAlgorithmJwtDecoder create(JwtProperties properties, Clock clock) {
    NimbusReactiveJwtDecoder nimbus =
        switch (properties.algorithm()) {
          case HS256 ->
              NimbusReactiveJwtDecoder.withSecretKey(
                      new SecretKeySpec(
                          properties.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                          "HmacSHA256"))
                  .macAlgorithm(MacAlgorithm.HS256)
                  .build();
          case RS256 ->
              NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                  .jwsAlgorithm(SignatureAlgorithm.RS256)
                  .build();
          case ES256 ->
              NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                  .jwsAlgorithm(SignatureAlgorithm.ES256)
                  .build();
        };
    nimbus.setJwtValidator(validator(properties, clock));
    return new PinnedAlgorithmJwtDecoder(
        JWSAlgorithm.parse(properties.algorithm().name()), nimbus, clock, properties);
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Verified known = verified.get(token);
    if (known != null) {
      if (clock.instant().isBefore(known.trustedUntil())) {
        return Mono.just(known.jwt());
      }
      verified.remove(token, known);
    }
    try {
      checkHeader(token);
    } catch (BadJwtException e) {
      return Mono.error(e);
    }
    return cacheSize == 0
        ? delegate.decode(token)
        : delegate.decode(token).doOnNext(jwt -> remember(token, jwt));
  }

  private void remember(String token, Jwt jwt) {
    Instant now = clock.instant();
    Instant expiry = jwt.getExpiresAt().plus(skew);
    Instant ceiling = now.plus(MAX_REMEMBERED);
    if (verified.size() >= cacheSize) {
      verified.values().removeIf(v -> !now.isBefore(v.trustedUntil()));
      if (verified.size() >= cacheSize) {
        verified.clear();
      }
    }
    verified.put(token, new Verified(jwt, expiry.isBefore(ceiling) ? expiry : ceiling));
  }

  private void checkHeader(String token) {
    JWT parsed;
    try {
      parsed = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new BadJwtException("Malformed token");
    }
    if (!(parsed instanceof SignedJWT signed)) {
      throw new BadJwtException("Only signed tokens are accepted");
    }
    JWSHeader header = signed.getHeader();
    if (!algorithm.equals(header.getAlgorithm())) {
      throw new BadJwtException("Unexpected token algorithm");
    }
    if (header.getJWKURL() != null
        || header.getX509CertURL() != null
        || header.getJWK() != null
        || header.getX509CertChain() != null) {
      throw new BadJwtException("Key-location headers are not accepted");
    }
    if (header.getKeyID() != null && !SANE_KID.matcher(header.getKeyID()).matches()) {
      throw new BadJwtException("Malformed key id");
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw new BadJwtException("Critical header parameters are not supported");
    }
  }

  private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, Clock clock) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(
        token ->
            token.getExpiresAt() == null
                ? OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "The token has no expiry", null))
                : OAuth2TokenValidatorResult.success());
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setClock(clock);
    validators.add(timestamps);
    validators.add(
        token ->
            UserClaims.userId(token.getClaims()) == null
                ? OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "The token names no user", null))
                : OAuth2TokenValidatorResult.success());
    if (properties.issuer() != null && !properties.issuer().isBlank()) {
      validators.add(new JwtIssuerValidator(properties.issuer()));
    }
    if (properties.audience() != null && !properties.audience().isBlank()) {
      validators.add(
          new JwtClaimValidator<List<String>>(
              JwtClaimNames.AUD, aud -> aud != null && aud.contains(properties.audience())));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }
}
