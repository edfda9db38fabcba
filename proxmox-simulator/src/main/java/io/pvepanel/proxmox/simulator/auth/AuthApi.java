package io.pvepanel.proxmox.simulator.auth;

import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /access/ticket}: login and ticket renewal. */
public final class AuthApi {

  private final Authenticator auth;
  private final AccessControl access;

  public AuthApi(Authenticator auth, AccessControl access) {
    this.auth = auth;
    this.access = access;
  }

  public void register(Router router) {
    router.add(
        "POST",
        "/access/ticket",
        Params.none()
            .str("username", null, 64)
            .str("password")
            .str("realm")
            .str("otp")
            .str("tfa-challenge")
            .str("path")
            .str("privs")
            .bool("new-format")
            .required("username", "password"),
        this::ticket,
        true);
  }

  private Object ticket(ApiRequest req) {
    String authz = req.netty().requestHeaders().get("Authorization");
    if (authz != null && authz.trim().startsWith("PVEAPIToken")) {
      throw new ApiException(
          403, "URI '/access/ticket' not available with API token, need proper ticket.");
    }
    String user = req.str("username");
    if (req.has("realm") && !user.contains("@")) {
      user = user + "@" + req.str("realm");
    }
    if (!auth.checkLogin(user, req.str("password"))) {
      throw new ApiException(401, "authentication failure");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("username", user);
    m.put("ticket", auth.issueTicket(user));
    m.put("CSRFPreventionToken", auth.issueCsrf(user));
    // clustername only with Sys.Audit on / (pve-access-control API2/AccessControl.pm)
    if (access.permissions(user, "/").containsKey(Privilege.SYS_AUDIT)) {
      m.put("clustername", "sim");
    }
    // RPCEnvironment.pm compute_api_permission
    Map<String, Map<String, Integer>> cap = access.capabilities(user);
    m.put("cap", cap);
    return m;
  }
}
