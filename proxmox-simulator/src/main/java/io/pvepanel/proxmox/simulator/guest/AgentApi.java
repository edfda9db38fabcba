package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** QEMU guest-agent calls: {@code agent/set-user-password} and {@code agent/get-fsinfo}. */
public final class AgentApi {

  private final Cluster cluster;

  private final int pveVersion;

  public AgentApi(Cluster cluster, int pveVersion) {
    this.cluster = cluster;
    this.pveVersion = pveVersion;
  }

  // qemu-server API2/Qemu/Agent.pm: PVE 9 VM.GuestAgent.*, PVE 8 (stable-bookworm) VM.Monitor
  public void register(Router r) {
    r.post(
            "/nodes/{node}/qemu/{vmid}/agent/set-user-password",
            Params.none()
                .str("username")
                .str("password", 5, 1024)
                .bool("crypted")
                .required("username", "password"),
            this::setUserPassword)
        .check(
            pveVersion >= 9
                ? Permission.perm("/vms/{vmid}", Privilege.VM_GUEST_AGENT_UNRESTRICTED)
                : Permission.perm("/vms/{vmid}", Privilege.VM_MONITOR));
    // PVE 9: register_command's [$perm, VM.GuestAgent.Unrestricted] with any => 1
    r.get("/nodes/{node}/qemu/{vmid}/agent/get-fsinfo", Params.none(), this::getFsInfo)
        .check(
            pveVersion >= 9
                ? Permission.any(
                    "/vms/{vmid}",
                    Privilege.VM_GUEST_AGENT_AUDIT,
                    Privilege.VM_GUEST_AGENT_UNRESTRICTED)
                : Permission.perm("/vms/{vmid}", Privilege.VM_MONITOR));
  }

  /**
   * qemu-server QemuServer/Agent.pm {@code assert_agent_available}: configured, VM running, agent
   * answering {@code guest-ping}.
   */
  private Guest requireAgent(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    if (!g.agent) {
      throw ApiException.fail("No QEMU guest agent configured");
    }
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " is not running");
    }
    if (!g.agentResponding) {
      throw ApiException.fail("QEMU guest agent is not running");
    }
    return g;
  }

  /**
   * qemu-server API2/Qemu/Agent.pm {@code set-user-password}: the agent's error reply becomes
   * {@code Agent error: <desc>} (Agent.pm {@code check_agent_error}). The guest knows one account
   * ({@link Guest#adminAccount}); for any other user qemu-ga answers as its Linux build (chpasswd
   * fails) or its Windows build (NetUserSetInfo: NERR_UserNotFound) does.
   */
  private Object setUserPassword(ApiRequest req) {
    Guest g = requireAgent(req);
    String user = req.str("username");
    if (!user.equals(g.adminAccount())) {
      throw ApiException.fail(
          "Agent error: "
              + (g.windows()
                  ? "failed to set password: The user name could not be found."
                  : "child process has failed to set user password"));
    }
    g.password = PasswordHash.of(req.str("password"));
    g.passwordChanges++;
    return Map.of("result", Map.of());
  }

  /**
   * {@code agent/get-fsinfo}: one root filesystem per guest, sized from the config's disk and used
   * as much as the load model says an LXC root would be (QEMU's resources figure stays 0, as in
   * PVE).
   */
  private Object getFsInfo(ApiRequest req) {
    Guest g = requireAgent(req);
    long total = LoadModel.maxdisk(g) - (LoadModel.maxdisk(g) >> 5);
    long used = LoadModel.agentDiskUsed(g, total);
    Map<String, Object> fs = new LinkedHashMap<>();
    fs.put("name", "sda1");
    fs.put("mountpoint", "/");
    fs.put("type", "ext4");
    fs.put("total-bytes", total);
    fs.put("used-bytes", used);
    fs.put("disk", List.of(Map.of("bus-type", "scsi", "target", 0, "dev", "/dev/sda1")));
    return Map.of("result", List.of(fs));
  }
}
