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

  public static void requireNode(Cluster cluster, String node) {
    if (!cluster.hasNode(node)) {
      throw new ApiException(596, "no such cluster node '" + node + "'");
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
