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

  public AuthApi(Authenticator auth) {
    this.auth = auth;
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
    m.put("clustername", "sim");
    Map<String, Object> cap = new LinkedHashMap<>();
    for (String k : new String[] {"vms", "storage", "nodes", "access", "dc", "sdn", "mapping"}) {
      cap.put(k, Map.of());
    }
    cap.put(
        "vms",
        Map.of(
            "VM.Audit", 1,
            "VM.PowerMgmt", 1,
            "VM.Console", 1,
            "VM.Snapshot", 1,
            "VM.Allocate", 1));
    m.put("cap", cap);
    return m;
  }
}
