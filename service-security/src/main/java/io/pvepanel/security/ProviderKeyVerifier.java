package io.pvepanel.security;

import reactor.core.publisher.Mono;

/**
 * Verifies a provider API key ({@code Authorization: Bearer pvk_…}). A service that declares a bean
 * of this type accepts provider keys next to JWTs; one that does not answers 401 to them. The
 * control service verifies against its table of keys; the gateway asks the control service.
 */
public interface ProviderKeyVerifier {

  /** The prefix that tells a provider key from a JWT. */
  String PREFIX = "pvk_";

  /**
   * The key's principal when it is known, not revoked and not expired; empty otherwise. Called only
   * with texts that {@link #looksLikeKey} accepted.
   */
  Mono<ProviderKeyPrincipal> verify(String key);

  /**
   * Whether a bearer text has the form of a provider key: the prefix and 43 base64url characters
   * (32 random bytes). Anything else is never looked up.
   */
  static boolean looksLikeKey(String token) {
    return token != null
        && token.length() == PREFIX.length() + 43
        && token.startsWith(PREFIX)
        && token.substring(PREFIX.length()).chars().allMatch(ProviderKeyVerifier::base64Url);
  }

  private static boolean base64Url(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
