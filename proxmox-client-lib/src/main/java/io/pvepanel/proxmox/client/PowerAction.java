package io.pvepanel.proxmox.client;

/** Lifecycle operations ({@code POST .../status/<action>}). {@link #RESET} is QEMU only. */
public enum PowerAction {
  START,
  STOP,
  SHUTDOWN,
  REBOOT,
  SUSPEND,
  RESUME,
  RESET;

  String path() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
