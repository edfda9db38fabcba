package io.pvepanel.proxmox.client;

/**
 * The cluster's configuration in the panel cannot work and retrying will not help, e.g. the
 * configured ticket user has two-factor authentication (PVE answers a half ticket with {@code
 * NeedTFA}). The client fails every call with this error, without asking Proxmox again, until the
 * configuration is changed (a restart with other settings).
 */
public final class ProxmoxConfigurationException extends ProxmoxException {
  ProxmoxConfigurationException(String cluster, String message) {
    super(cluster, message, null);
  }

  @Override
  public String outcome() {
    return "configuration_error";
  }
}
