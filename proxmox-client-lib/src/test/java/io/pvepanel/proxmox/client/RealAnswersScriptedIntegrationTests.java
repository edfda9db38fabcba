package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.proxmox.client.ScriptedServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Answers real clusters give that the simulator does not (issue #14), on the scripted server. Each
 * test names the Proxmox source it follows.
 */
class RealAnswersScriptedIntegrationTests {
  private static final Duration T = Duration.ofSeconds(10);
  private static final String UPID =
      "UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:vzsnapshot:101:panel@pve!ctl:";
  private static final String STOPPED_TASK =
      "{\"upid\":\"" + UPID + "\",\"node\":\"pve1\",\"status\":\"stopped\",\"exitstatus\":\"%s\"}";

  private ScriptedServer server;
  private ProxmoxClient client;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() {
    server = ScriptedServer.http();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private ProxmoxClient client(int retries, ProxmoxClusterProperties.CircuitBreaker cb) {
    client =
        ProxmoxClient.builder(
                ProxmoxClusterProperties.builder("test", server.baseUrl())
                    .apiToken("panel@pve!ctl=secret-uuid")
                    .maxRetries(retries)
                    .retryBackoff(Duration.ofMillis(10))
                    .taskPollInterval(Duration.ofMillis(50))
                    .circuitBreaker(cb)
                    .allowInsecureHttp(true)
                    .build())
            .meterRegistry(meters)
            .clock(clock)
            .build();
    return client;
  }

  /** qemu-server src/PVE/QemuConfig.pm assert_config_exists_on_node. */
  @Test
  void qemuConfigMissingOnTheNodeIsNotFound() {
    server.enqueue(
        Reply.error(
            500,
            "unable to find configuration file for VM 200 on node 'pve1'",
            "{\"data\":null,\"message\":\"unable to find configuration file for VM 200 on node"
                + " 'pve1'\\n\"}"));
    StepVerifier.create(client(0, null).status(GuestRef.qemu("pve1", 200)))
        .expectError(ProxmoxApiException.NotFound.class)
        .verify(T);
  }

  /** qemu-server src/PVE/QemuServer/Agent.pm assert_agent_available. */
  @Test
  void agentNotRunningIsAgentUnavailableNotAStoppedVm() {
    server.enqueue(
        Reply.error(500, "QEMU guest agent is not running", ""),
        Reply.error(500, "No QEMU guest agent configured", ""),
        Reply.error(500, "VM 200 is not running", ""));
    ProxmoxClient c = client(0, null);
    GuestRef vm = GuestRef.qemu("pve1", 200);
    StepVerifier.create(c.setQemuUserPassword(vm, "root", "s3cret-pw"))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxApiException.AgentUnavailable.class);
              assertThat(((ProxmoxApiException.AgentUnavailable) e).isConfigured()).isTrue();
            })
        .verify(T);
    StepVerifier.create(c.agentFsInfo(vm))
        .expectErrorSatisfies(
            e -> assertThat(((ProxmoxApiException.AgentUnavailable) e).isConfigured()).isFalse())
        .verify(T);
    StepVerifier.create(c.agentFsInfo(vm))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.Conflict) e).kind())
                    .isEqualTo(ProxmoxApiException.Conflict.Kind.NOT_RUNNING))
        .verify(T);
  }

  /**
   * pve-guest-common src/PVE/AbstractConfig.pm check_lock ("CT is locked (snapshot)", also as a
   * task's exit status; pve-container src/test/snapshot-test.pm).
   */
  @Test
  void configLocksAreLockedSynchronouslyAndInsideTasks() {
    server.enqueue(
        Reply.error(500, "VM is locked (backup)", ""),
        Reply.data("\"" + UPID + "\""),
        Reply.data(STOPPED_TASK.formatted("CT is locked (snapshot)")));
    ProxmoxClient c = client(0, null);
    StepVerifier.create(c.start(GuestRef.qemu("pve1", 200)))
        .expectErrorSatisfies(
            e -> {
              var locked = (ProxmoxApiException.Locked) e;
              assertThat(locked.lock()).isEqualTo("backup");
              assertThat(locked.isFileLockTimeout()).isFalse();
              assertThat(locked.isRetryable()).isFalse();
            })
        .verify(T);
    GuestRef ct = GuestRef.lxc("pve1", 101);
    StepVerifier.create(
            c.createSnapshot(ct, "nightly", null)
                .flatMap(u -> c.awaitTask(u, Duration.ofSeconds(5))))
        .expectErrorSatisfies(
            e -> {
              var failed = (ProxmoxTaskFailedException) e;
              assertThat(failed.kind()).isEqualTo(ProxmoxTaskFailedException.Kind.LOCKED);
              assertThat(failed.lock()).isEqualTo("snapshot");
              assertThat(failed.isRetryable()).isFalse();
            })
        .verify(T);
  }

  /** pve-common src/PVE/Tools.pm lock_file_full ("can't lock file '...' - got timeout"). */
  @Test
  void fileLockTimeoutsAreRetriedForGetsAndRetryableLockedForPosts() {
    String qemuLock = "can't lock file '/var/lock/qemu-server/lock-200.conf' - got timeout";
    String lxcLock = "can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout";
    var cb =
        new ProxmoxClusterProperties.CircuitBreaker(
            Duration.ofSeconds(60), 2, 50f, Duration.ofSeconds(30), 1);
    server.enqueue(
        Reply.error(500, qemuLock, ""),
        Reply.data("{\"vmid\":200,\"status\":\"running\"}"),
        Reply.error(500, lxcLock, ""),
        Reply.error(500, lxcLock, ""),
        Reply.data("\"" + UPID + "\""),
        Reply.data(STOPPED_TASK.formatted(lxcLock)));
    ProxmoxClient c = client(2, cb);
    StepVerifier.create(c.status(GuestRef.qemu("pve1", 200)))
        .assertNext(s -> assertThat(s.isRunning()).isTrue())
        .expectComplete()
        .verify(T);
    assertThat(server.count("GET", "/api2/json/nodes/pve1/qemu/200/status/current")).isEqualTo(2);
    GuestRef ct = GuestRef.lxc("pve1", 101);
    for (int i = 0; i < 2; i++) {
      StepVerifier.create(c.start(ct))
          .expectErrorSatisfies(
              e -> {
                var locked = (ProxmoxApiException.Locked) e;
                assertThat(locked.isFileLockTimeout()).isTrue();
                assertThat(locked.isRetryable()).isTrue();
                assertThat(locked.lock()).isNull();
              })
          .verify(T);
    }
    assertThat(server.count("POST", "/api2/json/nodes/pve1/lxc/101/status/start")).isEqualTo(2);
    // a busy guest is not a sick node: the breaker stays closed
    StepVerifier.create(
            c.createSnapshot(ct, "nightly", null)
                .flatMap(u -> c.awaitTask(u, Duration.ofSeconds(5))))
        .expectErrorSatisfies(
            e -> {
              var failed = (ProxmoxTaskFailedException) e;
              assertThat(failed.kind()).isEqualTo(ProxmoxTaskFailedException.Kind.LOCK_TIMEOUT);
              assertThat(failed.isRetryable()).isTrue();
            })
        .verify(T);
  }

  /**
   * pve-http-server src/PVE/APIServer/AnyEvent.pm proxy_request: a call for an unreachable node
   * fails with AnyEvent::HTTP's 595/596 while the node pveproxy runs on answers.
   */
  @Test
  void anOfflineNodeOpensItsOwnBreakerOnly() {
    var cb =
        new ProxmoxClusterProperties.CircuitBreaker(
            Duration.ofSeconds(60), 3, 50f, Duration.ofSeconds(30), 1);
    server.otherwise(
        r -> {
          if (r.path().startsWith("/api2/json/nodes/pve2/")) {
            return Reply.error(
                595,
                "Errors during connection establishment, proxy handshake: No route to host",
                "");
          }
          if (r.path().endsWith("/status/current")) {
            return Reply.data("{\"vmid\":101,\"status\":\"running\"}");
          }
          return Reply.data("[]");
        });
    ProxmoxClient c = client(0, cb);
    GuestRef onPve2 = GuestRef.lxc("pve2", 102);
    for (int i = 0; i < 3; i++) {
      StepVerifier.create(c.status(onPve2))
          .expectError(ProxmoxApiException.ProxyError.class)
          .verify(T);
    }
    long before = server.requests().size();
    StepVerifier.create(c.status(onPve2))
        .expectErrorSatisfies(
            e -> {
              var open = (ProxmoxClusterUnavailableException) e;
              assertThat(open.cluster()).isEqualTo("test");
              assertThat(open.node()).isEqualTo("pve2");
            })
        .verify(T);
    assertThat(server.requests()).hasSize((int) before);
    // pve1 and the cluster-wide API go on
    StepVerifier.create(c.status(GuestRef.lxc("pve1", 101)))
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.clusterResources()).expectNext(List.of()).expectComplete().verify(T);
    assertThat(
            meters
                .get(HttpTransport.METRIC)
                .tag("outcome", "unavailable")
                .tag("endpoint", "/nodes/{node}/lxc/{vmid}/status/current")
                .timer()
                .count())
        .isEqualTo(1);
    // after the wait a trial call reaches pve2 again
    clock.advance(Duration.ofSeconds(31));
    StepVerifier.create(c.status(onPve2))
        .expectError(ProxmoxApiException.ProxyError.class)
        .verify(T);
    assertThat(server.requests()).hasSize((int) before + 3);
  }

  /**
   * pve-cluster src/PVE/RRD.pm create_rrd_data: PVE 8 ("pve2") month = 12 h steps, PVE 9 = 30 min;
   * with an old file still covering the start, the old part comes first at its own resolution.
   */
  @Test
  void rrdStepComesFromTheTimestampsAlsoWhenOneAnswerMixesResolutions() {
    long t0 = 1_767_225_600L; // multiple of 12 h
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 3; i++) {
      json.append("{\"time\":").append(t0 + i * 43_200L).append(",\"cpu\":0.5},");
    }
    long fine = t0 + 3 * 43_200L;
    for (int i = 0; i < 3; i++) {
      json.append("{\"time\":").append(fine + i * 1_800L).append(",\"cpu\":0.25}");
      json.append(i < 2 ? "," : "]");
    }
    server.enqueue(Reply.data(json.toString()), Reply.data("[{\"time\":" + t0 + "}]"));
    ProxmoxClient c = client(0, null);
    StepVerifier.create(
            c.rrddata(GuestRef.lxc("pve1", 101), Timeframe.MONTH, ConsolidationFunction.AVERAGE))
        .assertNext(
            points -> {
              assertThat(points)
                  .extracting(RrdPoint::step)
                  .containsExactly(
                      Duration.ofHours(12),
                      Duration.ofHours(12),
                      Duration.ofHours(12),
                      Duration.ofMinutes(30),
                      Duration.ofMinutes(30),
                      Duration.ofMinutes(30));
              assertThat(RrdPoint.coarsestStep(points, Instant.EPOCH))
                  .isEqualTo(Duration.ofHours(12));
              assertThat(RrdPoint.coarsestStep(points, Instant.ofEpochSecond(fine)))
                  .isEqualTo(Duration.ofMinutes(30));
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(
            c.rrddata(GuestRef.lxc("pve1", 101), Timeframe.HOUR, ConsolidationFunction.AVERAGE))
        .assertNext(points -> assertThat(points.get(0).step()).isNull())
        .expectComplete()
        .verify(T);
  }

  /**
   * pve-access-control src/PVE/API2/AccessControl.pm create_ticket_do: a user with a second factor
   * gets {@code NeedTFA: 1} and a half ticket {@code PVE:!tfa!...} that opens nothing else.
   */
  @Test
  void aTfaUserIsOneConfigurationErrorNotALoginPerCall() {
    server.otherwise(
        r -> {
          if (r.path().endsWith("/access/ticket")) {
            return Reply.data(
                "{\"username\":\"panel@pve\",\"ticket\":\"PVE:!tfa!%7B%22totp%22%3Atrue%7D:66E1A2B3::c2ln\","
                    + "\"CSRFPreventionToken\":\"66E1A2B3:abc\",\"NeedTFA\":1}");
          }
          return Reply.error(401, "authentication failure", "");
        });
    client =
        ProxmoxClient.builder(
                ProxmoxClusterProperties.builder("test", server.baseUrl())
                    .login("panel@pve", "s3cret")
                    .allowInsecureHttp(true)
                    .build())
            .meterRegistry(meters)
            .clock(clock)
            .build();
    for (int i = 0; i < 3; i++) {
      StepVerifier.create(client.nodes())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(ProxmoxConfigurationException.class);
                assertThat(e.getMessage())
                    .contains("two-factor")
                    .contains("panel@pve")
                    .doesNotContain("s3cret")
                    .doesNotContain("!tfa!");
                assertThat(((ProxmoxException) e).outcome()).isEqualTo("configuration_error");
              })
          .verify(T);
    }
    assertThat(server.count("POST", "/api2/json/access/ticket")).isEqualTo(1);
    assertThat(server.count("GET", "/api2/json/nodes")).isZero();
  }

  /**
   * pve-guest-common src/PVE/AbstractConfig.pm load_config ("Configuration file '...' does not
   * exist"), qemu-server src/PVE/QemuConfig.pm assert_config_exists_on_node; 403 from
   * pve-access-control's permission check.
   */
  @Test
  void existsAsksTheNodeAndKeepsForbiddenUnknown() {
    server.enqueue(
        Reply.data("{\"vmid\":101,\"status\":\"stopped\"}"),
        Reply.error(500, "Configuration file 'nodes/pve1/lxc/999.conf' does not exist", ""),
        Reply.error(500, "unable to find configuration file for VM 200 on node 'pve1'", ""),
        Reply.error(403, "Permission check failed (/vms/300, VM.Audit)", ""));
    ProxmoxClient c = client(0, null);
    StepVerifier.create(c.exists(GuestRef.lxc("pve1", 101)))
        .expectNext(true)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.exists(GuestRef.lxc("pve1", 999)))
        .expectNext(false)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.exists(GuestRef.qemu("pve1", 200)))
        .expectNext(false)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.exists(GuestRef.qemu("pve1", 300)))
        .expectError(ProxmoxApiException.Forbidden.class)
        .verify(T);
  }
}
