package io.pvepanel.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.convert.converter.Converter;
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
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;
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
 * <p>Before even the header, a token longer than {@code max-token-length} or whose parts are not
 * canonical base64url (Nimbus' decoder skips characters it does not know, so {@code ~}, {@code =}
 * or white space padded into a valid token would otherwise make a new, still valid token text) is
 * refused. So one valid token has exactly one accepted text.
 *
 * <p>A token that passed all of this is remembered (keyed by the SHA-256 of its text) until it
 * expires, at most {@link #MAX_REMEMBERED} after it was verified, so a client sending the same
 * token with every request pays for parsing and verification once. Expiry is checked on every use
 * with the same skew. The cache holds at most {@code verifiedCacheSize} tokens and {@code
 * verified-cache-bytes} characters of them; when full of live ones it is emptied and refilled
 * rather than sorted.
 */
public final class PinnedAlgorithmJwtDecoder implements ReactiveJwtDecoder {

  private static final Pattern SANE_KID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

  /**
   * The longest a verified token is trusted without verifying it again: as long as Nimbus caches a
   * JWKS, so a key withdrawn from the set stops being honoured no later than with no cache.
   */
  static final Duration MAX_REMEMBERED = Duration.ofMinutes(5);

  private record Verified(Jwt jwt, Instant trustedUntil, int size) {}

  private final JWSAlgorithm algorithm;
  private final ReactiveJwtDecoder delegate;
  private final Clock clock;
  private final Duration skew;
  private final int cacheSize;
  private final long cacheBytes;
  private final int maxTokenLength;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final Object cacheLock = new Object();
  private long cachedChars;

  private PinnedAlgorithmJwtDecoder(
      JWSAlgorithm algorithm, ReactiveJwtDecoder delegate, Clock clock, JwtProperties properties) {
    this.algorithm = algorithm;
    this.delegate = delegate;
    this.clock = clock;
    this.skew = properties.clockSkew();
    this.cacheSize = properties.verifiedCacheSize();
    this.cacheBytes = properties.verifiedCacheBytes();
    this.maxTokenLength = properties.maxTokenLength();
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
              NimbusReactiveJwtDecoder.withJwkSource(keys(properties, clock))
                  .jwsAlgorithm(SignatureAlgorithm.RS256)
                  .build();
          case ES256 ->
              NimbusReactiveJwtDecoder.withJwkSource(keys(properties, clock))
                  .jwsAlgorithm(SignatureAlgorithm.ES256)
                  .build();
        };
    nimbus.setJwtValidator(validator(properties, clock));
    nimbus.setClaimSetConverter(withoutInventedIssueTime());
    return new PinnedAlgorithmJwtDecoder(
        JWSAlgorithm.parse(properties.algorithm().name()), nimbus, clock, properties);
  }

  /**
   * Spring's claim conversion, except that a token without {@code iat} is not given one (Spring
   * sets {@code exp - 1 s}, which would hide a missing issue time from the checks).
   */
  private static Converter<Map<String, Object>, Map<String, Object>> withoutInventedIssueTime() {
    MappedJwtClaimSetConverter defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
    return claims -> {
      Map<String, Object> converted = defaults.convert(claims);
      if (!claims.containsKey(JwtClaimNames.IAT) && converted != null) {
        Map<String, Object> copy = new java.util.HashMap<>(converted);
        copy.remove(JwtClaimNames.IAT);
        return copy;
      }
      return converted;
    };
  }

  private static JwksKeys keys(JwtProperties properties, Clock clock) {
    return new JwksKeys(
        WebClient.create(),
        properties.jwksUri(),
        clock,
        properties.jwksRefreshInterval(),
        properties.jwksMinRefreshInterval());
  }

  @Override
  public Mono<Jwt> decode(String token) {
    if (token == null || token.length() > maxTokenLength) {
      return Mono.error(new BadJwtException("Malformed token"));
    }
    if (!canonical(token)) {
      return Mono.error(new BadJwtException("Malformed token"));
    }
    String key = digest(token);
    Verified known = verified.get(key);
    if (known != null) {
      if (clock.instant().isBefore(known.trustedUntil())) {
        return Mono.just(known.jwt());
      }
      forget(key, known);
    }
    try {
      checkHeader(token);
    } catch (BadJwtException e) {
      return Mono.error(e);
    }
    return cacheSize == 0
        ? delegate.decode(token)
        : delegate.decode(token).doOnNext(jwt -> remember(key, token.length(), jwt));
  }

  /** Three parts, each canonical unpadded base64url: decoding and encoding again gives it back. */
  static boolean canonical(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || !BASE64URL.matcher(part).matches()) {
        return false;
      }
      try {
        byte[] bytes = Base64.getUrlDecoder().decode(part);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  private static String digest(String token) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void forget(String key, Verified known) {
    synchronized (cacheLock) {
      if (verified.remove(key, known)) {
        cachedChars -= known.size();
      }
    }
  }

  private void remember(String key, int size, Jwt jwt) {
    Instant now = clock.instant();
    Instant expiry = jwt.getExpiresAt().plus(skew);
    Instant ceiling = now.plus(MAX_REMEMBERED);
    synchronized (cacheLock) {
      if (verified.size() >= cacheSize || cachedChars + size > cacheBytes) {
        verified
            .entrySet()
            .removeIf(
                e -> {
                  boolean expired = !now.isBefore(e.getValue().trustedUntil());
                  if (expired) {
                    cachedChars -= e.getValue().size();
                  }
                  return expired;
                });
        if (verified.size() >= cacheSize || cachedChars + size > cacheBytes) {
          verified.clear();
          cachedChars = 0;
        }
      }
      if (size > cacheBytes) {
        return;
      }
      Verified previous =
          verified.put(key, new Verified(jwt, expiry.isBefore(ceiling) ? expiry : ceiling, size));
      cachedChars += size - (previous == null ? 0 : previous.size());
    }
  }

  /** How many tokens are remembered, and how many characters of them (for tests and metrics). */
  long[] cacheUse() {
    synchronized (cacheLock) {
      return new long[] {verified.size(), cachedChars};
    }
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
    validators.add(issuedAt(properties, clock));
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

  /**
   * {@code iat}: required where the token scope is ({@code require-scope}); when present, not in
   * the future (beyond the skew) and at most {@code max-lifetime} before {@code exp}.
   */
  private static OAuth2TokenValidator<Jwt> issuedAt(JwtProperties properties, Clock clock) {
    return token -> {
      Instant iat = token.getIssuedAt();
      if (iat == null) {
        return properties.requireScope()
            ? failure("The token has no issue time")
            : OAuth2TokenValidatorResult.success();
      }
      if (iat.isAfter(clock.instant().plus(properties.clockSkew()))) {
        return failure("The token was issued in the future");
      }
      if (token.getExpiresAt() != null
          && Duration.between(iat, token.getExpiresAt()).compareTo(properties.maxLifetime()) > 0) {
        return failure("The token is valid for longer than allowed");
      }
      return OAuth2TokenValidatorResult.success();
    };
  }

  private static OAuth2TokenValidatorResult failure(String description) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
  }
}
