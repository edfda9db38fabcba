package io.pvepanel.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class PinnedAlgorithmJwtDecoder implements ReactiveJwtDecoder {

  private static final Pattern SANE_KID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  private final JWSAlgorithm algorithm;
  private final ReactiveJwtDecoder delegate;

  private PinnedAlgorithmJwtDecoder(JWSAlgorithm algorithm, ReactiveJwtDecoder delegate) {
    this.algorithm = algorithm;
    this.delegate = delegate;
  }

  /** Builds the decoder the whole suite uses from its configuration. */
  public static PinnedAlgorithmJwtDecoder create(JwtProperties properties) {
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
    nimbus.setJwtValidator(validator(properties));
    return new PinnedAlgorithmJwtDecoder(JWSAlgorithm.parse(properties.algorithm().name()), nimbus);
  }

  @Override
  public Mono<Jwt> decode(String token) {
    try {
      checkHeader(token);
    } catch (BadJwtException e) {
      return Mono.error(e);
    }
    return delegate.decode(token);
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

  private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(
        token ->
            token.getExpiresAt() == null
                ? OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "The token has no expiry", null))
                : OAuth2TokenValidatorResult.success());
    validators.add(new JwtTimestampValidator(properties.clockSkew()));
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
