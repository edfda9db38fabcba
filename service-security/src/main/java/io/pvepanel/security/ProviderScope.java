package io.pvepanel.security;

import java.util.Locale;

/**
 * What a provider API key may do. A key holds one or more scopes; support staff (a JWT with the
 * {@code admin} role) hold all of them.
 */
public enum ProviderScope {
  /** Create, change, suspend, terminate, transfer and adopt servers; manage customers. */
  PROVISIONING,
  /** Read the provider API: customers, servers, usage. */
  READ,
  /** Act on customers' servers through the customer API as support staff do. */
  SUPPORT;

  /** The name in the API and the database. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A scope by its wire name; fails for an unknown one. */
  public static ProviderScope fromWire(String value) {
    for (ProviderScope s : values()) {
      if (s.wire().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown scope " + value);
  }
}
