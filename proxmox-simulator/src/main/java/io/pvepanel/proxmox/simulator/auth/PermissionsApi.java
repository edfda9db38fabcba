package io.pvepanel.proxmox.simulator.auth;

import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /access/permissions} (pve-access-control {@code API2/AccessControl.pm} permissions,
 * {@code RPCEnvironment::get_effective_permissions}): path → privilege → propagate (1/0) of the
 * caller, or of {@code userid} (its own tokens freely, anyone else with Sys.Audit on {@code
 * /access}); {@code path=} dumps that one path, even when it holds nothing.
 */
public final class PermissionsApi {

  private final AccessControl access;

  public PermissionsApi(AccessControl access) {
    this.access = access;
  }

  public void register(Router r) {
    r.get("/access/permissions", Params.none().str("userid", null, 64).str("path"), this::list);
  }

  private Object list(ApiRequest req) {
    String authid = req.principal().actor();
    String userid = req.str("userid", authid);
    int bang = userid.indexOf('!');
    boolean self = userid.equals(authid);
    boolean ownedToken = bang > 0 && userid.substring(0, bang).equals(authid);
    if (!self && !ownedToken) {
      access.check(req.principal(), "/access", Privilege.SYS_AUDIT);
    }
    if (req.has("path")) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put(req.str("path"), access.onPath(userid, req.str("path")));
      return out;
    }
    return access.effective(userid);
  }
}
