package io.pvepanel.security;

import java.util.Collection;
import java.util.Map;

/** Reads identity out of token claims, in the two shapes the suite accepts. */
final class UserClaims {

  static final String ADMIN = "admin";

  private UserClaims() {}

  /** {@code sub}, else {@code id} (a number or a string); null when neither is usable. */
  static String userId(Map<String, Object> claims) {
    Object sub = claims.get("sub");
    if (sub instanceof String s && !s.isBlank()) {
      return s;
    }
    Object id = claims.get("id");
    if (id instanceof Number n) {
      return n.longValue() == n.doubleValue() ? Long.toString(n.longValue()) : null;
    }
    if (id instanceof String s && !s.isBlank()) {
      return s;
    }
    return null;
  }

  static boolean isAdmin(Map<String, Object> claims) {
    return contains(claims.get("roles"), ADMIN) || contains(claims.get("role"), ADMIN);
  }

  private static boolean contains(Object claim, String role) {
    if (claim instanceof String s) {
      for (String part : s.split("[,\\s]+")) {
        if (part.equalsIgnoreCase(role)) {
          return true;
        }
      }
      return false;
    }
    if (claim instanceof Collection<?> c) {
      return c.stream().anyMatch(v -> v instanceof String s && s.equalsIgnoreCase(role));
    }
    return false;
  }
}
