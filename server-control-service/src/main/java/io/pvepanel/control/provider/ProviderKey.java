package io.pvepanel.control.provider;

import io.pvepanel.security.ProviderScope;
import java.time.Instant;
import java.util.Set;

/**
 * A provider API key as listed: never its secret, which only its maker sees once.
 *
 * @param expiresAt null: never
 * @param revokedAt null: not revoked
 * @param lastUsedAt null: never used
 */
public record ProviderKey(
    String id,
    String name,
    Set<ProviderScope> scopes,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  /** Whether the key authenticates at {@code now}. */
  public boolean usable(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
