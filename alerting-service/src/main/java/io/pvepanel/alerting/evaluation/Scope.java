package io.pvepanel.alerting.evaluation;

import java.util.Locale;

/** Which servers a rule applies to. */
public enum Scope {
  /** Every server; created and changed by admins only. */
  GLOBAL,
  /** Every server of one owner. */
  USER,
  /** One server. */
  SERVER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scope fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
