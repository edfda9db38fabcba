package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;

/** Lookups shared by the guest-scoped handlers. */
public final class Guests {

  private Guests() {}

  /** The guest on {node} of this type, or the PVE "config does not exist" 500. */
  public static Guest require(Cluster cluster, ApiRequest req, GuestType type) {
    requireNode(cluster, req.node());
    Guest g = cluster.find(req.node(), type, req.vmid());
    if (g == null) {
      throw ApiException.fail(type.configFile(req.node(), req.vmid()));
    }
    return g;
  }

  /** The guest on {node} of this type, or null; the node must exist. */
  public static Guest find(Cluster cluster, ApiRequest req, GuestType type) {
    requireNode(cluster, req.node());
    return cluster.find(req.node(), type, req.vmid());
  }

  /**
   * An unknown node fails where pve-manager HTTPServer.pm proxies the call: {@code remote_node_ip}
   * (pve-cluster Cluster.pm) falls back to DNS, pve-common Network.pm {@code get_ip_from_hostname}.
   */
  public static void requireNode(Cluster cluster, String node) {
    if (!cluster.hasNode(node)) {
      throw ApiException.fail(
          "hostname lookup '"
              + node
              + "' failed - failed to get address info for: "
              + node
              + ": Name or service not known");
    }
  }

  /** {@code skiplock} is root@pam only; a root@pam token is not root@pam. */
  public static boolean skiplock(ApiRequest req) {
    if (req.has("skiplock")) {
      if (!req.principal().isRootPam()) {
        throw ApiException.param("skiplock", "Only root may use this option.");
      }
      return req.bool("skiplock");
    }
    return false;
  }
}
