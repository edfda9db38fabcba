package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A privilege-separated API token gets exactly its ACL: 403 {@code Permission check failed (<path>,
 * <priv>)} for a missing privilege, lists filtered silently. Read from pve-access-control {@code
 * PVE/RPCEnvironment.pm} (permissions, compile_acl_path, check, check_any, check_vm_perm,
 * get_effective_permissions, check_api2_permissions) and {@code PVE/AccessControl.pm} (roles,
 * $privgroups, create_roles), pve-manager {@code PVE/API2/Cluster.pm} (resources) and {@code
 * PVE/HTTPServer.pm} (rest_handler), pve-container {@code PVE/LXC.pm} (check_ct_modify_config_perm)
 * and {@code PVE/API2/LXC.pm} (create_vm), qemu-server {@code PVE/API2/Qemu/Agent.pm}.
 */
class PermissionsIntegrationTests {

  private ProxmoxSimulator sim;
  private SimHttp http;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private void start(SimulatorConfig.Builder b) {
    sim = ProxmoxSimulator.start(b.ssh(false).build());
    http = new SimHttp(sim);
  }

  private static List<Integer> vmids(JsonNode list) {
    List<Integer> out = new ArrayList<>();
    list.forEach(n -> out.add(n.get("vmid").asInt()));
    return out;
  }

  /** RPCEnvironment.pm check / check_any: the exact 403 texts; HTTPServer.pm: before node proxy. */
  @Test
  void aMissingPrivilegeIsA403WithProxmoxsMessage() {
    start(
        SimulatorConfig.builder()
            .role("Watch", "VM.Audit")
            .tokenAcl("/vms", "Watch")
            .tokenAcl("/vms/101", "PVEVMUser"));
    // VM.PowerMgmt only on 101 (PVEVMUser), not on 102
    assertThat(http.post("/nodes/pve1/lxc/101/status/stop").status()).isEqualTo(200);
    SimHttp.Resp denied = http.post("/nodes/pve2/lxc/102/status/start");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.reason()).isEqualTo("Permission check failed (/vms/102, VM.PowerMgmt)");
    assertThat(denied.message()).isEqualTo("Permission check failed (/vms/102, VM.PowerMgmt)\n");
    // the permission check comes before parameter verification and before the node proxy
    assertThat(http.post("/nodes/nope/lxc/102/status/start", "bogus", "1").status()).isEqualTo(403);
    // check_any lists the alternatives
    SimHttp.Resp rollback = http.post("/nodes/pve2/lxc/102/snapshot/x/rollback");
    assertThat(rollback.reason())
        .isEqualTo("Permission check failed (/vms/102, VM.Snapshot|VM.Snapshot.Rollback)");
    // PVEVMUser has no VM.Snapshot; VM.Audit reads still work
    assertThat(http.post("/nodes/pve1/lxc/101/snapshot", "snapname", "s1").reason())
        .isEqualTo("Permission check failed (/vms/101, VM.Snapshot)");
    assertThat(http.get("/nodes/pve2/lxc/102/status/current").status()).isEqualTo(200);
    assertThat(http.post("/nodes/pve1/lxc/101/termproxy").status()).isEqualTo(200);
    assertThat(http.post("/nodes/pve2/lxc/102/termproxy").reason())
        .isEqualTo("Permission check failed (/vms/102, VM.Console)");
    // no Sys.Audit: apt versions 403, /nodes without figures
    assertThat(http.get("/nodes/pve1/apt/versions").reason())
        .isEqualTo("Permission check failed (/nodes/pve1, Sys.Audit)");
    JsonNode node = http.get("/nodes").data().get(0);
    assertThat(node.has("status")).isTrue();
    assertThat(node.has("maxmem")).isFalse();
  }

  /**
   * Cluster.pm resources: VM.Audit per guest (also through a pool), Datastore.Audit per storage,
   * never a 403; the guest lists of a node filter alike; a guest still answers a direct call.
   */
  @Test
  void clusterResourcesAreFilteredSilently() {
    start(
        SimulatorConfig.builder()
            .pool("customers", List.of(103), List.of())
            .tokenAcl("/vms/101", "PVEAuditor")
            .tokenAcl("/vms/200", "PVEVMUser")
            .tokenAcl("/pool/customers", "PVEAuditor")
            .tokenAcl("/storage/local-lvm", "PVEDatastoreUser"));
    SimHttp.Resp vms = http.get("/cluster/resources?type=vm");
    assertThat(vms.status()).isEqualTo(200);
    assertThat(vmids(vms.data())).containsExactlyInAnyOrder(101, 103, 200);
    JsonNode all = http.get("/cluster/resources").data();
    List<String> storages = new ArrayList<>();
    all.forEach(
        n -> {
          if (n.get("type").asString().equals("storage")) {
            storages.add(n.get("storage").asString());
          }
        });
    assertThat(storages).containsOnly("local-lvm").hasSize(sim.nodes().size());
    assertThat(vmids(http.get("/nodes/pve1/lxc").data())).containsExactlyInAnyOrder(101, 103);
    assertThat(http.get("/nodes/pve2/lxc/102/status/current").reason())
        .isEqualTo("Permission check failed (/vms/102, VM.Audit)");
    // ACLs changed at run time (the /_sim admin API) apply to the next call
    assertThat(
            http.post(
                    "/_sim/access/acl",
                    "path",
                    "/vms",
                    "roles",
                    "PVEAuditor",
                    "tokens",
                    sim.tokenId())
                .status())
        .isEqualTo(200);
    assertThat(vmids(http.get("/cluster/resources?type=vm").data())).contains(102, 104, 105, 201);
    http.delete("/_sim/access");
    assertThat(vmids(http.get("/cluster/resources?type=vm").data())).doesNotContain(102);
  }

  /**
   * RPCEnvironment.pm permissions: a privsep token has the intersection of its ACLs and its user's;
   * AccessControl.pm roles: the deepest ACL replaces those above; get_effective_permissions lists
   * the default paths and the ACL paths.
   */
  @Test
  void aPrivsepTokenHasTheIntersectionAndPermissionsSayWhat() {
    start(
        SimulatorConfig.builder()
            .userAcl("/", "PVEVMUser")
            .tokenAcl("/", "PVEVMAdmin")
            .tokenAcl("/vms/105", "NoAccess"));
    JsonNode perms = http.get("/access/permissions").data();
    JsonNode vms = perms.get("/vms");
    assertThat(vms.get("VM.PowerMgmt").asInt()).isEqualTo(1);
    assertThat(vms.get("VM.Console").asInt()).isEqualTo(1);
    // PVEVMAdmin has it, the user (PVEVMUser) not: gone
    assertThat(vms.has("VM.Allocate")).isFalse();
    assertThat(perms.has("/vms/105")).isFalse();
    JsonNode one = http.get("/access/permissions?path=/vms/105").data();
    assertThat(one.get("/vms/105").size()).isZero();
    assertThat(http.delete("/nodes/pve2/lxc/102").reason())
        .isEqualTo("Permission check failed (/vms/102, VM.Allocate)");
    assertThat(http.post("/nodes/pve2/lxc/105/status/stop").reason())
        .isEqualTo("Permission check failed (/vms/105, VM.PowerMgmt)");
    // without privsep the token is its user
    http.post("/_sim/access/token", "privsep", "0");
    assertThat(
            http.get("/access/permissions?path=/vms/105").data().get("/vms/105").has("VM.Console"))
        .isTrue();
  }

  /** qemu-server API2/Qemu/Agent.pm: PVE 9 VM.GuestAgent.*; stable-bookworm (PVE 8) VM.Monitor. */
  @Test
  void agentCallsNeedTheGuestAgentPrivilegesOnPve9AndVmMonitorOnPve8() {
    start(SimulatorConfig.builder().role("R", "VM.Audit").tokenAcl("/", "R"));
    assertThat(http.get("/nodes/pve1/qemu/200/agent/get-fsinfo").reason())
        .isEqualTo(
            "Permission check failed (/vms/200, VM.GuestAgent.Audit|VM.GuestAgent.Unrestricted)");
    assertThat(
            http.post(
                    "/nodes/pve1/qemu/200/agent/set-user-password",
                    "username",
                    "Administrator",
                    "password",
                    "secret123")
                .reason())
        .isEqualTo("Permission check failed (/vms/200, VM.GuestAgent.Unrestricted)");
    sim.close();
    start(SimulatorConfig.builder().pveVersion(8).role("R", "VM.Audit").tokenAcl("/", "R"));
    assertThat(http.get("/nodes/pve1/qemu/200/agent/get-fsinfo").reason())
        .isEqualTo("Permission check failed (/vms/200, VM.Monitor)");
    http.post("/_sim/access/roles", "roleid", "R", "privs", "VM.Audit,VM.Monitor");
    assertThat(http.get("/nodes/pve1/qemu/200/agent/get-fsinfo").status()).isEqualTo(200);
    // PVE 9 privileges do not exist on PVE 8
    assertThat(
            http.post("/_sim/access/roles", "roleid", "R", "privs", "VM.GuestAgent.Audit").status())
        .isEqualTo(400);
  }

  /**
   * pve-container API2/LXC.pm create_vm and LXC.pm check_ct_modify_config_perm: VM.Allocate, the
   * VM.Config.* of each option, Datastore.AllocateSpace; privileged CTs need Sys.Modify on / and
   * feature flags other than nesting root@pam.
   */
  @Test
  void lxcCreateChecksEachOptionAndKeepsRootOnlyFlagsForRoot() {
    start(
        SimulatorConfig.builder()
            .role(
                "Panel",
                "VM.Allocate",
                "VM.Audit",
                "VM.Config.CPU",
                "VM.Config.Memory",
                "VM.Config.Disk",
                "VM.Config.Network",
                "VM.Config.Options",
                "Datastore.AllocateSpace")
            .tokenAcl("/", "Panel"));
    String[] base = {
      "vmid", "300",
      "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
      "rootfs", "local-lvm:8",
      "cores", "2",
      "memory", "1024",
      "hostname", "c300",
      "net0", "name=eth0,bridge=vmbr0,ip=dhcp"
    };
    SimHttp.Resp nesting = http.post("/nodes/pve1/lxc", with(base, "features", "nesting=1"));
    assertThat(nesting.status()).as(nesting.body()).isEqualTo(200);
    SimHttp.Resp keyctl =
        http.post("/nodes/pve1/lxc", with(base, "vmid", "301", "features", "keyctl=1"));
    assertThat(keyctl.reason())
        .isEqualTo(
            "Permission check failed (changing feature flags (except nesting) is only allowed"
                + " for root@pam)");
    SimHttp.Resp privileged =
        http.post("/nodes/pve1/lxc", with(base, "vmid", "302", "unprivileged", "0"));
    assertThat(privileged.reason()).isEqualTo("Permission check failed (/, Sys.Modify)");
    http.post("/_sim/access/roles", "roleid", "Panel", "privs", "VM.Allocate,VM.Config.CPU");
    assertThat(http.post("/nodes/pve1/lxc", with(base, "vmid", "303")).reason())
        .isEqualTo("Permission check failed (/vms/303, VM.Config.Disk)");
    http.post("/_sim/access/roles", "roleid", "Panel", "privs", "VM.Audit");
    assertThat(http.post("/nodes/pve1/lxc", with(base, "vmid", "304")).reason())
        .isEqualTo("Permission check failed");
  }

  /** The default token may do anything; root@pam by ticket too. */
  @Test
  void theDefaultTokenIsAllPowerful() {
    start(SimulatorConfig.builder());
    JsonNode perms = http.get("/access/permissions").data();
    assertThat(perms.get("/").get("Sys.Modify").asInt()).isEqualTo(1);
    assertThat(perms.get("/vms").get("VM.GuestAgent.Unrestricted").asInt()).isEqualTo(1);
    assertThat(http.get("/_sim/access").data().get("privsep").asInt()).isZero();
    assertThat(http.get("/version").headers().get("Date")).matches("\\w{3}, \\d{2} \\w{3} .* GMT");
  }

  private static String[] with(String[] base, String... kv) {
    List<String> out = new ArrayList<>(List.of(base));
    for (int i = 0; i < kv.length; i += 2) {
      int at = out.indexOf(kv[i]);
      if (at >= 0 && at % 2 == 0) {
        out.set(at + 1, kv[i + 1]);
      } else {
        out.add(kv[i]);
        out.add(kv[i + 1]);
      }
    }
    return out.toArray(new String[0]);
  }
}
