package io.pvepanel.proxmox.client;

/** The cluster's circuit breaker is open: the call failed fast without touching the network. */
public final class ProxmoxClusterUnavailableException extends ProxmoxException {
  ProxmoxClusterUnavailableException(String cluster, Throwable cause) {
    super(cluster, "Proxmox cluster '" + cluster + "' is unavailable (circuit open)", cause);
  }

  @Override
  public String outcome() {
    return "unavailable";
  }
}
