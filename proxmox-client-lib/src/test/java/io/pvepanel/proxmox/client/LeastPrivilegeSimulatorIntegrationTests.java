package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Contract: the panel's calls with a privilege-separated token holding exactly the privileges of
 * docs/proxmox-compatibility.md (PVE 9), and each call's failure when its privilege is taken away:
 * a {@link ProxmoxApiException.Forbidden} of kind MISSING_PRIVILEGE naming path and privilege.
 * Permission rules as the simulator reads them from pve-access-control {@code
 * PVE/RPCEnvironment.pm} (check, check_any, privsep intersection), pve-manager {@code
 * PVE/API2/Cluster.pm} (resources filtered by VM.Audit), pve-container {@code PVE/API2/LXC.pm} and
 * {@code PVE/LXC.pm} (create_vm, check_ct_modify_config_perm), qemu-server {@code
 * PVE/API2/Qemu/Agent.pm} (VM.GuestAgent.*).
 */
class LeastPrivilegeSimulatorIntegrationTests {
  private static final Duration T = Duration.ofSeconds(20);
  private static final Duration TASK_BOUND = Duration.ofSeconds(15);
  private static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

  // docs/proxmox-compatibility.md, "Privileges of the panel's token" (PVE 9)
  static final List<String> PANEL_PRIVILEGES =
      List.of(
          "VM.Audit",
          "VM.PowerMgmt",
          "VM.Snapshot",
          "VM.Snapshot.Rollback",
          "VM.Console",
          "VM.Allocate",
          "VM.Config.CPU",
          "VM.Config.Memory",
          "VM.Config.Disk",
          "VM.Config.Network",
          "VM.Config.Options",
          "Datastore.AllocateSpace",
          "Sys.Audit",
          "VM.GuestAgent.Audit",
          "VM.GuestAgent.Unrestricted");

  private static ProxmoxSimulator sim;
  private static ProxmoxClient client;

  @BeforeAll
  static void start() {
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .ssh(false)
                .taskDuration(Duration.ZERO)
                .seed(GuestSeed.demo())
                .role("PanelRole", PANEL_PRIVILEGES.toArray(new String[0]))
                .tokenAcl("/", "PanelRole")
                .build());
    client =
        ProxmoxClient.builder(
                ProxmoxClusterProperties.builder("sim", sim.baseUrl())
                    .apiToken(sim.apiTokenHeaderValue())
                    .maxRetries(0)
                    .taskPollInterval(Duration.ofMillis(50))
                    // the simulator answers over plain HTTP here
                    .allowInsecureHttp(true)
                    .build())
            .build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  @AfterEach
  void restoreAcl() {
    sim.access().reset();
  }

  private static TaskStatus await(Mono<Upid> op) {
    return op.flatMap(u -> client.awaitTask(u, TASK_BOUND)).block(T);
  }

  private static LxcCreateRequest container(int vmid, String tags) {
    return new LxcCreateRequest(
        vmid,
        TEMPLATE,
        "lp" + vmid,
        "Least-Priv-1",
        List.of(),
        1,
        512,
        512,
        "local-lvm",
        8,
        "name=eth0,bridge=vmbr0,ip=dhcp",
        "1.1.1.1",
        false,
        null,
        true,
        tags);
  }

  @Test
  void everyCallThePanelMakesSucceedsWithTheDocumentedPrivileges() {
    assertThat(sim.access().privsep()).isTrue();
    GuestRef web = GuestRef.lxc("pve1", 101);
    GuestRef db = GuestRef.lxc("pve2", 102);
    GuestRef win = GuestRef.qemu("pve1", 200);
    assertThat(client.version().block(T).major()).isEqualTo(9);
    assertThat(client.clusterResources().block(T))
        .extracting(ClusterResource::vmid)
        .contains(101, 102, 200, 201);
    assertThat(client.nodes().block(T)).allSatisfy(n -> assertThat(n.maxmem()).isNotNull());
    assertThat(client.guests("pve1", GuestType.LXC).block(T)).isNotEmpty();
    assertThat(client.status(web).block(T).isRunning()).isTrue();
    assertThat(client.exists(web).block(T)).isTrue();
    assertThat(client.nextId().block(T)).isPositive();
    assertThat(client.permissions().block(T).get("/vms")).containsKeys("VM.Console");
    assertThat(client.aptVersions("pve1").block(T)).isNotEmpty();
    assertThat(client.storages("pve1").block(T)).isNotEmpty();
    assertThat(await(client.start(db)).isSuccess()).isTrue();
    assertThat(await(client.shutdown(db)).isSuccess()).isTrue();
    Upid reboot = client.reboot(web).block(T);
    assertThat(client.awaitTask(reboot, TASK_BOUND).block(T).isSuccess()).isTrue();
    assertThat(client.taskStatus(reboot).block(T)).isNotNull();
    assertThat(client.taskLog(reboot, 0, 50).block(T)).isNotNull();
    assertThat(client.rrddata(web, Timeframe.HOUR, ConsolidationFunction.AVERAGE).block(T))
        .isNotNull();
    assertThat(client.config(web).block(T)).isNotEmpty();
    assertThat(await(client.createSnapshot(web, "lp1", "least privilege")).isSuccess()).isTrue();
    assertThat(client.snapshots(web).block(T)).extracting(Snapshot::name).contains("lp1");
    assertThat(client.snapshotConfig(web, "lp1").block(T)).isNotEmpty();
    assertThat(await(client.rollbackSnapshot(web, "lp1", true)).isSuccess()).isTrue();
    assertThat(await(client.deleteSnapshot(web, "lp1")).isSuccess()).isTrue();
    ConsoleTicket ticket = client.termproxy(web).block(T);
    assertThat(client.consoleWebSocket(web, ticket).block(T)).isNotNull();
    assertThat(client.vncproxy(win).block(T).port()).isBetween(5900, 5999);
    assertThat(client.agentFsInfo(win).block(T)).isNotEmpty();
    client.setQemuUserPassword(win, "Administrator", "Least-Priv-2").block(T);
    assertThat(sim.passwordMatches(200, "Least-Priv-2")).isTrue();
    CreatedGuest created = client.createLxc("pve1", container(400, "cust-1")).block(T);
    assertThat(client.awaitTask(created.upid(), TASK_BOUND).block(T).isSuccess()).isTrue();
    assertThat(await(client.delete(created.ref())).isSuccess()).isTrue();
    assertThat(sim.guest(400)).isNull();
  }

  /** One privilege taken away: the call that needs it, and what Proxmox names. */
  static Stream<Arguments> onePrivilegeMissing() {
    GuestRef web = GuestRef.lxc("pve1", 101);
    GuestRef win = GuestRef.qemu("pve1", 200);
    List<Arguments> out = new ArrayList<>();
    out.add(call("VM.Audit", "/vms/101", () -> client.status(web)));
    out.add(call("VM.PowerMgmt", "/vms/101", () -> client.reboot(web)));
    out.add(call("VM.Snapshot", "/vms/101", () -> client.createSnapshot(web, "denied1", null)));
    out.add(call("VM.Console", "/vms/101", () -> client.termproxy(web)));
    out.add(call("VM.Console", "/vms/200", () -> client.vncproxy(win)));
    out.add(call("VM.Allocate", "/vms/102", () -> client.delete(GuestRef.lxc("pve2", 102))));
    out.add(
        call("VM.Config.CPU", "/vms/401", () -> client.createLxc("pve1", container(401, null))));
    out.add(
        call("VM.Config.Memory", "/vms/402", () -> client.createLxc("pve1", container(402, null))));
    out.add(
        call("VM.Config.Disk", "/vms/403", () -> client.createLxc("pve1", container(403, null))));
    out.add(
        call(
            "VM.Config.Network", "/vms/404", () -> client.createLxc("pve1", container(404, null))));
    out.add(
        call(
            "VM.Config.Options",
            "/vms/405",
            () -> client.createLxc("pve1", container(405, "cust-1"))));
    out.add(
        call(
            "Datastore.AllocateSpace",
            "/storage/local-lvm",
            () -> client.createLxc("pve1", container(406, null))));
    out.add(
        call(
            "VM.GuestAgent.Unrestricted",
            "/vms/200",
            () -> client.setQemuUserPassword(win, "Administrator", "x-Least-Priv-3")));
    out.add(call("Sys.Audit", "/nodes/pve1", () -> client.aptVersions("pve1")));
    return out.stream();
  }

  private static Arguments call(String privilege, String path, Supplier<Mono<?>> call) {
    return Arguments.of(privilege, path, call);
  }

  @ParameterizedTest(name = "without {0}")
  @MethodSource("onePrivilegeMissing")
  void withOnePrivilegeRemovedItsCallIsForbidden(
      String privilege, String path, Supplier<Mono<?>> call) {
    List<String> fewer = new ArrayList<>(PANEL_PRIVILEGES);
    fewer.remove(privilege);
    sim.access().role("PanelRole", fewer);
    StepVerifier.create(call.get())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxApiException.Forbidden.class);
              ProxmoxApiException.Forbidden f = (ProxmoxApiException.Forbidden) e;
              assertThat(f.status()).isEqualTo(403);
              assertThat(f.kind()).isEqualTo(ProxmoxApiException.Forbidden.Kind.MISSING_PRIVILEGE);
              assertThat(f.aclPath()).isEqualTo(path);
              assertThat(f.privileges()).containsExactly(privilege);
              assertThat(f.pveMessage())
                  .isEqualTo("Permission check failed (" + path + ", " + privilege + ")");
              assertThat(f.isRetryable()).isFalse();
            })
        .verify(T);
  }

  /**
   * check_any: rollback accepts VM.Snapshot or VM.Snapshot.Rollback, get-fsinfo VM.GuestAgent.Audit
   * or VM.GuestAgent.Unrestricted — one of a pair alone still works, both missing names both.
   */
  @Test
  void privilegesCheckedAsAlternativesFailOnlyWhenAllAreMissing() {
    GuestRef web = GuestRef.lxc("pve1", 101);
    GuestRef win = GuestRef.qemu("pve1", 200);
    List<String> fewer = new ArrayList<>(PANEL_PRIVILEGES);
    fewer.remove("VM.Snapshot.Rollback");
    fewer.remove("VM.GuestAgent.Audit");
    sim.access().role("PanelRole", fewer);
    assertThat(client.agentFsInfo(win).block(T)).isNotEmpty();
    fewer.remove("VM.Snapshot");
    fewer.remove("VM.GuestAgent.Unrestricted");
    sim.access().role("PanelRole", fewer);
    StepVerifier.create(client.rollbackSnapshot(web, "before-upgrade", false))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.Forbidden) e).privileges())
                    .containsExactly("VM.Snapshot", "VM.Snapshot.Rollback"))
        .verify(T);
    StepVerifier.create(client.agentFsInfo(win))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.Forbidden) e).pveMessage())
                    .isEqualTo(
                        "Permission check failed (/vms/200,"
                            + " VM.GuestAgent.Audit|VM.GuestAgent.Unrestricted)"))
        .verify(T);
  }

  /**
   * Cluster.pm resources lists only guests with VM.Audit: a guest missing there is not deleted.
   * {@code exists()} asks the node: Forbidden (unknown) for a guest the token may not see, false
   * only for a config that is really gone.
   */
  @Test
  void aGuestMissingFromFilteredResourcesIsNotTreatedAsDeleted() {
    sim.access().pool("customers", List.of(101, 200), List.of());
    sim.access().revoke("/", sim.tokenId(), null);
    sim.access().grant("/pool/customers", sim.tokenId(), "PanelRole", true);
    sim.access().grant("/vms/999", sim.tokenId(), "PanelRole", false);
    List<Integer> visible =
        client.clusterResources().block(T).stream().map(ClusterResource::vmid).toList();
    assertThat(visible).containsExactlyInAnyOrder(101, 200);
    assertThat(sim.guest(102)).isNotNull();
    GuestRef db = GuestRef.lxc("pve2", 102);
    StepVerifier.create(client.exists(db))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.Forbidden) e).pveMessage())
                    .isEqualTo("Permission check failed (/vms/102, VM.Audit)"))
        .verify(T);
    assertThat(client.exists(GuestRef.lxc("pve1", 101)).block(T)).isTrue();
    assertThat(client.exists(GuestRef.lxc("pve1", 999)).block(T)).isFalse();
  }
}
