package io.pvepanel.control.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.simulator.fault.FaultRule;
import io.pvepanel.security.CurrentUser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * Every operation that was enqueued reaches an end, and then lets go of its server. Proxmox's
 * answers are shaped by the simulator's fault injection, not by stand-ins for the client.
 */
class OperationEndIntegrationTests extends ControlIntegrationTest {

  static final Duration BOUND = Duration.ofSeconds(10);
  static final String START = "/nodes/pve2/qemu/201/status/start";
  static final GuestRef GUEST = GuestRef.qemu("pve2", 201);

  @Autowired OperationService operations;
  @Autowired OperationRepository repository;
  @Autowired ServerRepository servers;
  @Autowired ProxmoxClusters clusters;

  private final CurrentUser owner = new CurrentUser("81", "owner81@example.test", false);
  private FaultRule fault;

  @BeforeEach
  void stopped() {
    TestServers.ensure(clusters, GUEST, false);
  }

  @AfterEach
  void clearFault() {
    if (fault != null) {
      PROXMOX.faults().remove(fault.id());
    }
  }

  @Test
  void aCallThatFailsWithAnyErrorEndsTheOperationAndFreesTheServer() {
    // a broken answer to the stop's first call (its running check): nothing happened in Proxmox
    TestServers.ensure(clusters, GUEST, true);
    Server server = server();
    fault = PROXMOX.faults().truncate("GET", "/nodes/pve2/qemu/201/status/current");
    StepVerifier.create(operations.submit(owner, server, OperationRequest.of(OperationKind.STOP)))
        .expectError()
        .verify(BOUND);

    Operation ended = latest(server);
    assertThat(ended.state()).isEqualTo(OperationState.FAILED);
    assertThat(ended.error()).isNotBlank();
    assertThat(unfinished(server)).isEmpty();

    PROXMOX.faults().remove(fault.id());
    Operation stopped =
        operations.submit(owner, server, OperationRequest.of(OperationKind.STOP)).block(BOUND);
    assertThat(operations.awaitEnd(stopped.id(), BOUND).block(BOUND).state())
        .isEqualTo(OperationState.SUCCEEDED);
    assertThat(unfinished(server)).isEmpty();
  }

  @Test
  void aCallerThatGoesAwayDoesNotLeaveTheServerHeld() {
    Server server = server();
    fault = PROXMOX.faults().latency("POST", START, Duration.ofSeconds(2));
    Disposable caller =
        operations.submit(owner, server, OperationRequest.of(OperationKind.START)).subscribe();
    Awaitility.await().atMost(BOUND).until(() -> !unfinished(server).isEmpty());
    caller.dispose();

    Awaitility.await().atMost(BOUND).until(() -> latest(server).finished());
    assertThat(latest(server).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(unfinished(server)).isEmpty();
  }

  @Test
  void whatFailedIsRecordedWithoutTheClustersInsides() {
    Server server = server();
    fault = PROXMOX.faults().error("POST", START, 500, "ssh root@10.0.0.7: pct exec 201 failed");
    StepVerifier.create(operations.submit(owner, server, OperationRequest.of(OperationKind.START)))
        .expectError()
        .verify(BOUND);
    assertThat(latest(server).error())
        .isEqualTo("The virtualisation cluster could not carry out the request.");
  }

  @Test
  void anOperationQueuedLongerThanAnyCallLastsIsFailedAndFreesItsServer() {
    Server server = server();
    Operation abandoned =
        Operation.queued(
            server.id(),
            OperationKind.STOP,
            Map.of(),
            owner.id(),
            Instant.now().minus(Duration.ofMinutes(6)).truncatedTo(ChronoUnit.MILLIS));
    repository.insertQueued(abandoned).block(BOUND);

    StepVerifier.create(operations.recoverStalled())
        .assertNext(n -> assertThat(n).isPositive())
        .expectComplete()
        .verify(BOUND);
    Awaitility.await()
        .atMost(BOUND)
        .until(() -> repository.findById(abandoned.id()).block(BOUND).finished());
    Operation failed = repository.findById(abandoned.id()).block(BOUND);
    assertThat(failed.state()).isEqualTo(OperationState.FAILED);
    assertThat(failed.error()).contains("Interrupted");
    startsAndEnds(server);
  }

  private void startsAndEnds(Server server) {
    Operation started =
        operations.submit(owner, server, OperationRequest.of(OperationKind.START)).block(BOUND);
    assertThat(operations.awaitEnd(started.id(), BOUND).block(BOUND).state())
        .isEqualTo(OperationState.SUCCEEDED);
    assertThat(unfinished(server)).isEmpty();
  }

  private List<Operation> unfinished(Server server) {
    return repository
        .findUnfinished()
        .filter(op -> op.serverId().equals(server.id()))
        .collectList()
        .block(BOUND);
  }

  private Server server() {
    String id = TestServers.insert(servers, owner.id(), 201, "pve2", "stopped");
    return servers.findById(id).block(BOUND);
  }

  private Operation latest(Server server) {
    return repository.findByServer(server.id(), 1, 0).blockFirst(BOUND);
  }
}
