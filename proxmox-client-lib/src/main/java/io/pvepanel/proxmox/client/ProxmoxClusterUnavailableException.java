package io.pvepanel.proxmox.client;

/**
 * A circuit breaker is open: the call failed fast without touching the network. Calls under {@code
 * /nodes/{node}/...} go through that node's breaker ({@link #node()} names it), every other call
 * through the cluster's ({@link #node()} null), so one offline node does not stop the others.
 */
public final class ProxmoxClusterUnavailableException extends ProxmoxException {
  private final String node;

  ProxmoxClusterUnavailableException(String cluster, Throwable cause) {
    this(cluster, null, cause);
  }

  ProxmoxClusterUnavailableException(String cluster, String node, Throwable cause) {
    super(
        cluster,
        node == null
            ? "Proxmox cluster '" + cluster + "' is unavailable (circuit open)"
            : "Proxmox node '"
                + node
                + "' of cluster '"
                + cluster
                + "' is unavailable (circuit open)",
        cause);
    this.node = node;
  }

  /** The node whose breaker is open, or null when the cluster-wide breaker is. */
  public String node() {
    return node;
  }

  @Override
  public String outcome() {
    return "unavailable";
  }
}
