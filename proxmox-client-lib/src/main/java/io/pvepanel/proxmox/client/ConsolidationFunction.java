package io.pvepanel.proxmox.client;

/** RRD consolidation function of a point. */
public enum ConsolidationFunction {
  AVERAGE,
  MAX
}
