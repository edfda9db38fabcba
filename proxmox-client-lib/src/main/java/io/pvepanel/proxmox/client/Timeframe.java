package io.pvepanel.proxmox.client;

/**
 * RRD timeframe. The resolution depends on the PVE version (pve-cluster {@code PVE/RRD.pm}: PVE 8
 * month = 12 h steps, PVE 9 month = 30 min) and one answer can mix both after an upgrade, so read
 * it from {@link RrdPoint#step()} rather than from the timeframe.
 */
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
