package io.pvepanel.rsocket;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@link Routes#PROVIDER_KEY}.
 *
 * @param valid false for an unknown, revoked or expired key (the other fields are then null)
 * @param scopes the key's scopes by their wire names ({@code provisioning}, {@code read}, {@code
 *     support})
 * @param expiresAt null: never
 */
public record ProviderKeyAnswer(
    boolean valid, String keyId, String name, List<String> scopes, Instant expiresAt) {

  public static ProviderKeyAnswer invalid() {
    return new ProviderKeyAnswer(false, null, null, null, null);
  }
}
