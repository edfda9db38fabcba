package io.pvepanel.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A verified provider API key: who the caller is when a billing system or a staff tool calls.
 *
 * @param keyId the key's id (not its secret)
 * @param name the name the admin gave it; the audit log's actor is {@code key:<name>}
 * @param scopes what it may do
 * @param expiresAt when it stops working; null: never
 */
public record ProviderKeyPrincipal(
    String keyId, String name, Set<ProviderScope> scopes, Instant expiresAt) {

  public ProviderKeyPrincipal {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(name, "name");
    scopes = Set.copyOf(scopes);
  }

  /** The actor the audit log records for this key's actions. */
  public String actorId() {
    return "key:" + name;
  }

  public boolean has(ProviderScope scope) {
    return scopes.contains(scope);
  }
}
