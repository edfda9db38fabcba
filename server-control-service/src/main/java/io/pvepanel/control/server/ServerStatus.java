package io.pvepanel.control.server;

import java.util.Locale;

/**
 * A server's status as the panel records it. {@link #CREATING} and {@link #DELETING} are the
 * panel's own (an operation is making or removing the guest); the others mirror Proxmox. Strings
 * only at the edges ({@link #wire()}, {@link #fromWire}).
 */
public enum ServerStatus {
  CREATING,
  RUNNING,
  STOPPED,
  PAUSED,
  DELETING,
  /** Something the panel could not finish or undo (a create whose clean-up failed). */
  ERROR,
  UNKNOWN;

  /** The status in the API, the database and events: lower case. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A stored or sent status; anything unrecognised is {@link #UNKNOWN}. */
  public static ServerStatus fromWire(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /**
   * A guest's status as Proxmox reports it: LXC {@code running}/{@code stopped}; QEMU also its QMP
   * status ({@code paused}, {@code suspended}, {@code prelaunch}, …), see qemu-server's {@code
   * PVE/QemuServer.pm} (vmstatus) and pve-container's {@code src/PVE/LXC.pm} (vmstatus).
   */
  public static ServerStatus fromProxmox(String status, String qmpStatus) {
    String s = qmpStatus != null && "running".equals(status) ? qmpStatus : status;
    if (s == null) {
      return UNKNOWN;
    }
    return switch (s) {
      case "running" -> RUNNING;
      case "stopped" -> STOPPED;
      case "paused", "suspended", "prelaunch" -> PAUSED;
      default -> UNKNOWN;
    };
  }
}
