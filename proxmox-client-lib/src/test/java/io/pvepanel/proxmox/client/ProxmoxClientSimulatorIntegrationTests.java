package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import io.pvepanel.proxmox.simulator.SshEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.test.StepVerifier;

/**
 * Contract tests: the client against the embedded simulator, one operation family per test. Each
 * test uses its own guests of the demo seed so the order does not matter.
 */
class ProxmoxClientSimulatorIntegrationTests {
  private static final Duration T = Duration.ofSeconds(20);
  private static final Duration TASK_BOUND = Duration.ofSeconds(15);
  private static ProxmoxSimulator sim;
  private static ProxmoxClient client;

  @BeforeAll
  static void start() {
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .port(0)
                .https(false)
                .taskDuration(Duration.ZERO)
                .unauthorizedDelay(Duration.ZERO)
                .seed(GuestSeed.demo())
                .build());
    Map<String, ProxmoxClusterProperties.NodeHost> hosts = new LinkedHashMap<>();
    for (String node : sim.nodes()) {
      SshEndpoint e = sim.sshEndpoint(node);
      if (e != null) {
        hosts.put(
            node,
            new ProxmoxClusterProperties.NodeHost(e.host(), e.port(), e.hostKeyFingerprint()));
      }
    }
    var ssh =
        new ProxmoxClusterProperties.NodeSsh(
            "root", null, null, null, Duration.ofSeconds(10), Duration.ofSeconds(10), hosts);
    client =
        ProxmoxClient.builder(
                ProxmoxClusterProperties.builder("sim", sim.baseUrl())
                    .apiToken(sim.apiTokenHeaderValue())
                    .taskPollInterval(Duration.ofMillis(50))
                    .nodeSsh(ssh)
                    .allowInsecureHttp(true)
                    .build())
            .sshKeyPair(sim.sshClientKeyPair())
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

  private static TaskStatus await(Mono<Upid> op) {
    return op.flatMap(u -> client.awaitTask(u, TASK_BOUND)).block(T);
  }

  @Test
  void resourcesNodesListsAndStatus() {
    StepVerifier.create(client.clusterResources())
        .assertNext(
            list -> {
              assertThat(list).extracting(ClusterResource::vmid).contains(101, 102, 200);
              ClusterResource web =
                  list.stream().filter(r -> r.vmid() == 101).findFirst().orElseThrow();
              assertThat(web.ref()).isEqualTo(GuestRef.lxc("pve1", 101));
              assertThat(web.maxmem()).isPositive();
              assertThat(web.cpu()).isNotNull();
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.nodes())
        .assertNext(n -> assertThat(n).extracting(NodeInfo::node).containsAll(sim.nodes()))
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.guests("pve1", GuestType.LXC))
        .assertNext(g -> assertThat(g).extracting(GuestStatus::vmid).contains(101))
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.guests("pve1", GuestType.QEMU))
        .assertNext(g -> assertThat(g).extracting(GuestStatus::vmid).contains(200))
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.status(GuestRef.lxc("pve1", 101)))
        .assertNext(s -> assertThat(s.isRunning()).isTrue())
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.status(GuestRef.qemu("pve1", 200)))
        .assertNext(s -> assertThat(s.qmpstatus()).isEqualTo("running"))
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.status(GuestRef.lxc("pve1", 999)))
        .expectError(ProxmoxApiException.NotFound.class)
        .verify(T);
  }

  @Test
  void lxcLifecycleAndTaskLog() {
    GuestRef db = GuestRef.lxc("pve2", 102);
    assertThat(await(client.start(db)).isSuccess()).isTrue();
    assertThat(sim.guest(102).status()).isEqualTo("running");
    StepVerifier.create(client.start(db))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.Conflict) e).kind())
                    .isEqualTo(ProxmoxApiException.Conflict.Kind.ALREADY_RUNNING))
        .verify(T);
    Upid reboot = client.reboot(db).block(T);
    assertThat(client.awaitTask(reboot, TASK_BOUND).block(T).isSuccess()).isTrue();
    StepVerifier.create(client.taskLog(reboot, 0, 0))
        .assertNext(
            log -> {
              assertThat(log.total()).isPositive();
              assertThat(log.lines().get(log.lines().size() - 1).t()).isEqualTo("TASK OK");
            })
        .expectComplete()
        .verify(T);
    await(client.suspend(db));
    await(client.resume(db));
    await(client.shutdown(db));
    assertThat(sim.guest(102).status()).isEqualTo("stopped");
    await(client.start(db));
    await(client.stop(db));
    assertThat(sim.guest(102).status()).isEqualTo("stopped");
    StepVerifier.create(client.stop(db))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.Conflict) e).kind())
                    .isEqualTo(ProxmoxApiException.Conflict.Kind.NOT_RUNNING))
        .verify(T);
  }

  @Test
  void qemuLifecycleIncludingResetAndPause() {
    GuestRef vm = GuestRef.qemu("pve1", 200);
    await(client.suspend(vm));
    assertThat(client.status(vm).block(T).qmpstatus()).isEqualTo("paused");
    await(client.resume(vm));
    assertThat(client.status(vm).block(T).qmpstatus()).isEqualTo("running");
    assertThat(await(client.reset(vm)).isSuccess()).isTrue();
    await(client.reboot(vm));
    await(client.shutdown(vm));
    assertThat(sim.guest(200).status()).isEqualTo("stopped");
    await(client.start(vm));
    await(client.stop(vm));
    assertThat(sim.guest(200).status()).isEqualTo("stopped");
    await(client.start(vm));
    assertThat(sim.guest(200).status()).isEqualTo("running");
  }

  @Test
  void rrddataHasNormalisedUnits() {
    StepVerifier.create(
            client.rrddata(
                GuestRef.lxc("pve1", 101), Timeframe.HOUR, ConsolidationFunction.AVERAGE))
        .assertNext(
            points -> {
              assertThat(points).isNotEmpty();
              assertThat(points)
                  .filteredOn(p -> p.cpuPercent() != null)
                  .isNotEmpty()
                  .allSatisfy(p -> assertThat(p.cpuPercent()).isBetween(0.0, 100.0));
              assertThat(points).allSatisfy(p -> assertThat(p.time()).isNotNull());
            })
        .expectComplete()
        .verify(T);
  }

  @Test
  void snapshotsCreateListConfigRollbackDelete() {
    GuestRef web = GuestRef.lxc("pve1", 101);
    assertThat(await(client.createSnapshot(web, "contract1", "from the client")).isSuccess())
        .isTrue();
    StepVerifier.create(client.snapshots(web))
        .assertNext(
            list -> {
              assertThat(list).extracting(Snapshot::name).contains("contract1", "current");
              Snapshot current =
                  list.stream().filter(Snapshot::isCurrent).findFirst().orElseThrow();
              assertThat(current.parent()).isEqualTo("contract1");
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.snapshotConfig(web, "contract1"))
        .assertNext(cfg -> assertThat(cfg).isNotEmpty())
        .expectComplete()
        .verify(T);
    await(client.rollbackSnapshot(web, "contract1", true));
    assertThat(sim.guest(101).parentSnapshot()).isEqualTo("contract1");
    await(client.deleteSnapshot(web, "contract1"));
    assertThat(sim.guest(101).snapshots()).doesNotContain("contract1");
    StepVerifier.create(
            client
                .createSnapshot(GuestRef.lxc("pve1", 104), "nope", null)
                .flatMap(u -> client.awaitTask(u, TASK_BOUND)))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxTaskFailedException) e).exitStatus())
                    .contains("snapshot feature is not available"))
        .verify(T);
  }

  @Test
  void termproxyWebsocketAnswersOkWithTheRelayHeaders() {
    GuestRef web = GuestRef.lxc("pve1", 101);
    ConsoleTicket ticket = client.termproxy(web).block(T);
    ConsoleWebSocketTarget target = client.consoleWebSocket(web, ticket).block(T);
    String first =
        HttpClient.create()
            .headers(h -> target.headers().forEach(h::set))
            .websocket(
                WebsocketClientSpec.builder().protocols(ConsoleWebSocketTarget.SUBPROTOCOL).build())
            .uri(target.uri())
            .handle(
                (in, out) ->
                    out.sendString(Mono.just(ticket.termproxyHandshake()))
                        .then()
                        .thenMany(in.receive().asString(StandardCharsets.UTF_8).take(1)))
            .next()
            .block(T);
    assertThat(first).startsWith("OK");
    StepVerifier.create(client.vncproxy(GuestRef.qemu("pve1", 200)))
        .assertNext(
            vnc -> {
              assertThat(vnc.port()).isBetween(5900, 5999);
              assertThat(vnc.vncPassword()).isNotBlank();
            })
        .expectComplete()
        .verify(T);
  }

  @Test
  void createLxcWithNextIdThenDeleteWithPurge() {
    String password = "Contract-Pass-1";
    LxcCreateRequest req =
        new LxcCreateRequest(
            null,
            "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
            "contract-ct",
            password,
            List.of(),
            1,
            512,
            512,
            "local-lvm",
            8,
            "name=eth0,bridge=vmbr0,ip=dhcp",
            null,
            false,
            "nesting=1",
            true,
            null);
    CreatedGuest created = client.createLxc("pve1", req).block(T);
    assertThat(client.awaitTask(created.upid(), TASK_BOUND).block(T).isSuccess()).isTrue();
    int vmid = created.ref().vmid();
    assertThat(sim.guest(vmid)).isNotNull();
    assertThat(sim.guest(vmid).name()).isEqualTo("contract-ct");
    assertThat(sim.passwordMatches(vmid, password)).isTrue();
    assertThat(await(client.delete(created.ref())).isSuccess()).isTrue();
    assertThat(sim.guest(vmid)).isNull();
  }

  @Test
  void qemuPasswordThroughTheGuestAgent() {
    // 200 is a Windows VM: its account is Administrator; "root" fails there as on real PVE
    client
        .setQemuUserPassword(GuestRef.qemu("pve1", 200), "Administrator", "Agent-Pass-42")
        .block(T);
    assertThat(sim.passwordMatches(200, "Agent-Pass-42")).isTrue();
  }

  @Test
  void qemuFilesystemsThroughTheGuestAgent() {
    List<FsInfo> fs = client.agentFsInfo(GuestRef.qemu("pve1", 200)).block(T);
    assertThat(fs).hasSize(1);
    assertThat(fs.get(0).mountpoint()).isEqualTo("/");
    assertThat(fs.get(0).usedBytes()).isPositive().isLessThan(fs.get(0).totalBytes());
    StepVerifier.create(client.agentFsInfo(GuestRef.qemu("pve2", 201)))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(ProxmoxApiException.AgentUnavailable.class)
                    .hasMessageContaining("No QEMU guest agent configured"))
        .verify(T);
  }

  @Test
  void lxcPasswordThroughNodeSsh() {
    StepVerifier.create(client.setLxcRootPassword(GuestRef.lxc("pve1", 101), "Ssh-Pass-77"))
        .expectComplete()
        .verify(T);
    assertThat(sim.passwordMatches(101, "Ssh-Pass-77")).isTrue();
    assertThat(sim.passwordMatches(101, "something-else")).isFalse();
  }

  @Test
  void ticketAuthWorksForReadsAndCsrfProtectedWrites() {
    try (ProxmoxClient ticketClient =
        ProxmoxClient.builder(
                ProxmoxClusterProperties.builder("sim", sim.baseUrl())
                    .login("root@pam", sim.rootPassword())
                    .allowInsecureHttp(true)
                    .build())
            .build()) {
      StepVerifier.create(ticketClient.nodes()).expectNextCount(1).expectComplete().verify(T);
      GuestRef app = GuestRef.lxc("pve2", 105);
      Upid upid = ticketClient.reboot(app).block(T);
      assertThat(upid.user()).isEqualTo("root@pam");
      assertThat(ticketClient.awaitTask(upid, TASK_BOUND).block(T).isSuccess()).isTrue();
      StepVerifier.create(ticketClient.consoleWebSocket(app, ticketClient.termproxy(app).block(T)))
          .assertNext(t -> assertThat(t.headers()).containsKey("Cookie"))
          .expectComplete()
          .verify(T);
    }
    try (ProxmoxClient wrong =
        ProxmoxClient.builder(
                ProxmoxClusterProperties.builder("sim", sim.baseUrl())
                    .login("root@pam", "not-the-password")
                    .allowInsecureHttp(true)
                    .build())
            .build()) {
      StepVerifier.create(wrong.nodes())
          .expectError(ProxmoxApiException.Unauthorized.class)
          .verify(T);
    }
  }

  @Test
  void httpsWithTheSimulatorsFingerprint() {
    try (ProxmoxSimulator tls =
            ProxmoxSimulator.start(
                SimulatorConfig.builder()
                    .https(true)
                    .ssh(false)
                    .taskDuration(Duration.ZERO)
                    .unauthorizedDelay(Duration.ZERO)
                    .seed(GuestSeed.empty("pve1"))
                    .build());
        ProxmoxClient pinned =
            ProxmoxClient.builder(
                    ProxmoxClusterProperties.builder("tls", tls.baseUrl())
                        .apiToken(tls.apiTokenHeaderValue())
                        .tlsFingerprint(tls.tlsFingerprint())
                        .build())
                .build()) {
      StepVerifier.create(pinned.nodes())
          .assertNext(n -> assertThat(n).extracting(NodeInfo::node).containsExactly("pve1"))
          .expectComplete()
          .verify(T);
    }
  }
}
