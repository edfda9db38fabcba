package io.pvepanel.control.operation;

import java.util.Locale;

/** Where an operation stands. Strings only at the edges ({@link #wire()}, {@link #fromWire}). */
public enum OperationState {
  /** Recorded and holding the server's lock; Proxmox has not accepted a task of it yet. */
  QUEUED,
  /** Proxmox accepted (at least) its first task. */
  RUNNING,
  SUCCEEDED,
  FAILED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OperationState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
