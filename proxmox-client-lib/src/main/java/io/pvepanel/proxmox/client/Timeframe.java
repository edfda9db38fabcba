package io.pvepanel.proxmox.client;

/** RRD timeframe; resolution depends on the PVE version (hour = 60 s steps on every version). */
public enum Timeframe {
  HOUR,
  DAY,
  WEEK,
  MONTH,
  YEAR;

  String param() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
