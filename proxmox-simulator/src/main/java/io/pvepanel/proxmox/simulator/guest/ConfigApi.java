package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A guest's {@code config}: GET with lock, parent and digest; PUT with digest check and delete. */
public final class ConfigApi {

  private final Cluster cluster;
  private final AccessControl access;

  public ConfigApi(Cluster cluster, AccessControl access) {
    this.cluster = cluster;
    this.access = access;
  }

  private static final Permission AUDIT = Permission.perm("/vms/{vmid}", Privilege.VM_AUDIT);

  // pve-container API2/LXC/Config.pm $vm_config_perm_list (any of them)
  private static final Permission LXC_UPDATE =
      Permission.any(
          "/vms/{vmid}",
          Privilege.VM_CONFIG_DISK,
          Privilege.VM_CONFIG_CPU,
          Privilege.VM_CONFIG_MEMORY,
          Privilege.VM_CONFIG_NETWORK,
          Privilege.VM_CONFIG_OPTIONS);

  // qemu-server API2/Qemu.pm $vm_config_perm_list (any of them)
  private static final Permission QEMU_UPDATE =
      Permission.any(
          "/vms/{vmid}",
          Privilege.VM_CONFIG_DISK,
          Privilege.VM_CONFIG_CDROM,
          Privilege.VM_CONFIG_CPU,
          Privilege.VM_CONFIG_MEMORY,
          Privilege.VM_CONFIG_NETWORK,
          Privilege.VM_CONFIG_HWTYPE,
          Privilege.VM_CONFIG_OPTIONS,
          Privilege.VM_CONFIG_CLOUDINIT);

  public void register(Router r) {
    r.get(
            "/nodes/{node}/lxc/{vmid}/config",
            Params.none().bool("current").str("snapshot"),
            req -> config(req, GuestType.LXC))
        .check(AUDIT);
    r.get(
            "/nodes/{node}/qemu/{vmid}/config",
            Params.none().bool("current").str("snapshot"),
            req -> config(req, GuestType.QEMU))
        .check(AUDIT);
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
            .enumOf("cmode", "shell", "console", "tty")
            .str("delete")
            .str("revert")
            .str("digest", null, 64);
    for (int i = 0; i < 32; i++) {
      lxcPut.str("net" + i);
    }
    r.put("/nodes/{node}/lxc/{vmid}/config", lxcPut, req -> putConfig(req, GuestType.LXC))
        .check(LXC_UPDATE);
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
    r.put("/nodes/{node}/qemu/{vmid}/config", qemuPut, req -> putConfig(req, GuestType.QEMU))
        .check(QEMU_UPDATE);
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
    List<String> delete =
        req.has("delete") ? List.of(req.str("delete").split("[,;\\s]+")) : List.of();
    List<String> revert =
        req.has("revert") ? List.of(req.str("revert").split("[,;\\s]+")) : List.of();
    Map<String, Object> changed = new LinkedHashMap<>(req.values());
    for (String k : List.of("node", "vmid", "digest", "delete", "revert")) {
      changed.remove(k);
    }
    if (type == GuestType.QEMU) {
      // qemu-server update_vm_api: deletions first, then the options, before the config is read
      List<String> keys = new ArrayList<>(delete);
      keys.addAll(revert);
      keys.addAll(changed.keySet());
      ConfigPermissions.qemu(access, req.principal(), req.vmid(), keys);
    }
    Guest g = Guests.require(cluster, req, type);
    if (g.lock != null) {
      throw ApiException.fail(g.lockedMessage());
    }
    if (req.has("digest") && !Guest.digest(shown(g)).equals(req.str("digest"))) {
      throw ApiException.fail(
          "detected modified configuration - file changed by other user? Try again.");
    }
    if (type == GuestType.LXC) {
      // pve-container API2/LXC/Config.pm: after the lock and digest checks, delete, revert, set
      ConfigPermissions.lxc(
          access, req.principal(), g.vmid, null, null, Map.of(), delete, g.unprivileged);
      ConfigPermissions.lxc(
          access, req.principal(), g.vmid, null, null, Map.of(), revert, g.unprivileged);
      ConfigPermissions.lxc(
          access, req.principal(), g.vmid, null, null, changed, List.of(), g.unprivileged);
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
    if (req.has("cmode")) {
      g.cmode = req.str("cmode").equals("tty") ? null : req.str("cmode");
    }
    if (req.has("delete")) {
      for (String d : req.str("delete").split("[,;\\s]+")) {
        switch (d) {
          case "description" -> g.description = null;
          case "tags" -> g.tags = null;
          case "onboot" -> g.onboot = false;
          case "protection" -> g.protection = false;
          case "agent" -> g.agent = false;
          case "cmode" -> g.cmode = null;
          default -> {}
        }
      }
    }
    cluster.changed();
    return null;
  }
}
