package io.pvepanel.proxmox.client;

/** Kind of guest; {@link #path()} is the URL segment Proxmox uses. */
public enum GuestType {
  LXC("lxc"),
  QEMU("qemu");

  private final String path;

  GuestType(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }

  /** Parses {@code lxc}/{@code qemu} (case-insensitive). */
  public static GuestType of(String value) {
    for (GuestType t : values()) {
      if (t.path.equalsIgnoreCase(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown guest type: " + value);
  }
}
