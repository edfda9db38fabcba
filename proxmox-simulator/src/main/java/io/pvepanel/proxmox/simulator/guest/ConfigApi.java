package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.Map;

/** A guest's {@code config}: GET with lock, parent and digest; PUT with digest check and delete. */
public final class ConfigApi {

  private final Cluster cluster;

  public ConfigApi(Cluster cluster) {
    this.cluster = cluster;
  }

  public void register(Router r) {
    r.get(
        "/nodes/{node}/lxc/{vmid}/config",
        Params.none().bool("current").str("snapshot"),
        req -> config(req, GuestType.LXC));
    r.get(
        "/nodes/{node}/qemu/{vmid}/config",
        Params.none().bool("current").str("snapshot"),
        req -> config(req, GuestType.QEMU));
    Params lxcPut =
        Params.none()
            .integer("cores", 1, 8192)
            .number("cpulimit", 0, 8192)
            .integer("memory", 16, null)
            .integer("swap", 0, null)
            .str("hostname", null, 255)
            .str("description", null, 8192)
            .str("tags")
            .bool("onboot")
            .bool("protection")
            .str("nameserver")
            .str("searchdomain")
            .str("delete")
            .str("revert")
            .str("digest", null, 64);
    for (int i = 0; i < 32; i++) {
      lxcPut.str("net" + i);
    }
    r.put("/nodes/{node}/lxc/{vmid}/config", lxcPut, req -> putConfig(req, GuestType.LXC));
    Params qemuPut =
        Params.none()
            .integer("cores", 1, 8192)
            .integer("memory", 16, null)
            .str("name")
            .str("description", null, 8192)
            .str("tags")
            .bool("onboot")
            .bool("protection")
            .str("agent")
            .str("delete")
            .str("revert")
            .str("digest", null, 64);
    for (int i = 0; i < 32; i++) {
      qemuPut.str("net" + i);
    }
    r.put("/nodes/{node}/qemu/{vmid}/config", qemuPut, req -> putConfig(req, GuestType.QEMU));
  }

  private Object config(ApiRequest req, GuestType type) {
    Map<String, Object> c = shown(Guests.require(cluster, req, type));
    c.put("digest", Guest.digest(c));
    return c;
  }

  /** The config as GET shows it, but for the digest (which is computed over this). */
  private static Map<String, Object> shown(Guest g) {
    Map<String, Object> c = g.config();
    if (g.lock != null) {
      c.put("lock", g.lock);
    }
    if (g.parent != null) {
      c.put("parent", g.parent);
    }
    return c;
  }

  private Object putConfig(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    if (g.lock != null) {
      throw ApiException.fail(g.lockedMessage());
    }
    if (req.has("digest") && !Guest.digest(shown(g)).equals(req.str("digest"))) {
      throw ApiException.fail(
          "detected modified configuration - file changed by other user? Try again.");
    }
    cluster.beforeChange(g);
    if (req.has("cores")) {
      g.cores = (int) req.integer("cores", g.cores);
    }
    if (req.has("memory")) {
      g.memoryMiB = (int) req.integer("memory", g.memoryMiB);
    }
    if (req.has("swap")) {
      g.swapMiB = (int) req.integer("swap", g.swapMiB);
    }
    if (req.has("hostname")) {
      g.name = req.str("hostname");
    }
    if (req.has("name")) {
      g.name = req.str("name");
    }
    if (req.has("description")) {
      g.description = req.str("description");
    }
    if (req.has("tags")) {
      g.tags = req.str("tags");
    }
    if (req.has("onboot")) {
      g.onboot = req.bool("onboot");
    }
    if (req.has("protection")) {
      g.protection = req.bool("protection");
    }
    if (req.has("agent")) {
      g.agent = !req.str("agent").startsWith("0") && !req.str("agent").contains("enabled=0");
    }
    if (req.has("net0")) {
      g.net0 = req.str("net0");
    }
    if (req.has("delete")) {
      for (String d : req.str("delete").split("[,;\\s]+")) {
        switch (d) {
          case "description" -> g.description = null;
          case "tags" -> g.tags = null;
          case "onboot" -> g.onboot = false;
          case "protection" -> g.protection = false;
          case "agent" -> g.agent = false;
          default -> {}
        }
      }
    }
    cluster.changed();
    return null;
  }
}
