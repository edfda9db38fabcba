package io.pvepanel.proxmox.simulator.auth;

import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /access/permissions} (pve-access-control {@code API2/AccessControl.pm} and {@code
 * RPCEnvironment::get_effective_permissions}): path → privilege → propagate (1). The simulator has
 * no ACLs (every caller acts with full rights, like a {@code privsep=0} token of an administrator),
 * so each default top-level path lists every PVE 9 privilege; {@code path=} dumps one path only.
 */
public final class PermissionsApi {

  // the default paths get_effective_permissions always evaluates
  private static final List<String> PATHS =
      List.of("/", "/access", "/access/groups", "/nodes", "/pool", "/sdn", "/storage", "/vms");

  // pve-access-control PVE/AccessControl.pm $privgroups (PVE 9: no VM.Monitor)
  static final List<String> PRIVILEGES =
      List.of(
          "VM.Allocate",
          "VM.Audit",
          "VM.Backup",
          "VM.Clone",
          "VM.Config.CDROM",
          "VM.Config.CPU",
          "VM.Config.Cloudinit",
          "VM.Config.Disk",
          "VM.Config.HWType",
          "VM.Config.Memory",
          "VM.Config.Network",
          "VM.Config.Options",
          "VM.Console",
          "VM.GuestAgent.Audit",
          "VM.GuestAgent.FileRead",
          "VM.GuestAgent.FileSystemMgmt",
          "VM.GuestAgent.FileWrite",
          "VM.GuestAgent.Unrestricted",
          "VM.Migrate",
          "VM.PowerMgmt",
          "VM.Replicate",
          "VM.Snapshot",
          "VM.Snapshot.Rollback",
          "Sys.Audit",
          "Sys.Console",
          "Sys.Modify",
          "Sys.PowerMgmt",
          "Sys.Syslog",
          "Datastore.Allocate",
          "Datastore.AllocateSpace",
          "Datastore.AllocateTemplate",
          "Datastore.Audit",
          "SDN.Allocate",
          "SDN.Audit",
          "SDN.Use",
          "Pool.Allocate",
          "Pool.Audit",
          "User.Modify",
          "Group.Allocate",
          "Permissions.Modify");

  public void register(Router r) {
    r.get("/access/permissions", Params.none().str("userid", null, 64).str("path"), this::list);
  }

  private Object list(ApiRequest req) {
    Map<String, Object> privs = new LinkedHashMap<>();
    PRIVILEGES.forEach(p -> privs.put(p, 1));
    Map<String, Object> out = new LinkedHashMap<>();
    if (req.has("path")) {
      out.put(req.str("path"), privs);
      return out;
    }
    PATHS.forEach(p -> out.put(p, privs));
    return out;
  }
}
