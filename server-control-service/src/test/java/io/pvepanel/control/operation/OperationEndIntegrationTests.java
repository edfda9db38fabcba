package io.pvepanel.control.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.client.Upid;
import io.pvepanel.security.CurrentUser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Every operation that was enqueued reaches an end, and then lets go of its server. */
class OperationEndIntegrationTests extends ControlIntegrationTest {

  @Autowired OperationService operations;
  @Autowired OperationRepository repository;
  @Autowired ServerRepository servers;

  private final CurrentUser owner = new CurrentUser("81", "owner81@example.test", false);

  @Test
  void aCallThatFailsWithAnyErrorEndsTheOperationAndFreesTheServer() {
    Server server = server();
    OperationSpec failing =
        OperationSpec.of("restart", null, c -> Mono.error(new IllegalStateException("boom")), null);
    StepVerifier.create(operations.submit(owner, server, failing))
        .expectErrorMessage("boom")
        .verify(Duration.ofSeconds(10));

    Operation ended = latest(server);
    assertThat(ended.state()).isEqualTo(Operation.FAILED);
    assertThat(ended.error()).isEqualTo("boom");
    StepVerifier.create(operations.submit(owner, server, nothingToDo()))
        .assertNext(op -> assertThat(op.state()).isEqualTo(Operation.SUCCEEDED))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aCallerThatGoesAwayDoesNotLeaveTheServerHeld() {
    Server server = server();
    Sinks.Empty<Void> proxmoxAnswers = Sinks.empty();
    OperationSpec answeredLater =
        OperationSpec.of(
            "restart", null, c -> proxmoxAnswers.asMono().then(Mono.<Upid>empty()), null);
    Disposable caller = operations.submit(owner, server, answeredLater).subscribe();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !unfinished(server).isEmpty());
    caller.dispose();
    proxmoxAnswers.tryEmitEmpty();

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> latest(server).finished());
    assertThat(latest(server).state()).isEqualTo(Operation.SUCCEEDED);
    StepVerifier.create(operations.submit(owner, server, nothingToDo()))
        .assertNext(op -> assertThat(op.state()).isEqualTo(Operation.SUCCEEDED))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void whatFailedIsRecordedWithoutTheClustersInsides() {
    Server server = server();
    OperationSpec failing =
        OperationSpec.of(
            "restart",
            null,
            c -> Mono.error(new IllegalArgumentException("ssh root@10.0.0.7: pct exec 201 failed")),
            null);
    StepVerifier.create(operations.submit(owner, server, failing))
        .expectError(IllegalArgumentException.class)
        .verify(Duration.ofSeconds(10));
    assertThat(latest(server).error())
        .isEqualTo("The virtualisation cluster could not carry out the request.");
  }

  @Test
  void anOperationQueuedLongerThanAnyCallLastsIsFailedAndFreesItsServer() {
    Server server = server();
    Operation abandoned =
        Operation.queued(
            server.id(),
            "stop",
            owner.id(),
            Instant.now().minus(Duration.ofMinutes(6)).truncatedTo(ChronoUnit.MILLIS));
    repository.insertQueued(abandoned).block(Duration.ofSeconds(5));

    StepVerifier.create(operations.failAbandoned())
        .assertNext(n -> assertThat(n).isPositive())
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    Operation failed = repository.findById(abandoned.id()).block(Duration.ofSeconds(5));
    assertThat(failed.state()).isEqualTo(Operation.FAILED);
    assertThat(failed.error()).contains("Interrupted");
    StepVerifier.create(operations.submit(owner, server, nothingToDo()))
        .assertNext(op -> assertThat(op.state()).isEqualTo(Operation.SUCCEEDED))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  private List<Operation> unfinished(Server server) {
    return repository
        .findUnfinished()
        .filter(op -> op.serverId().equals(server.id()))
        .collectList()
        .block(Duration.ofSeconds(5));
  }

  private Server server() {
    String id = TestServers.insert(servers, owner.id(), 201, "pve2", "running");
    return servers.findById(id).block(Duration.ofSeconds(5));
  }

  private static OperationSpec nothingToDo() {
    return OperationSpec.of("resume", null, c -> Mono.empty(), null);
  }

  private Operation latest(Server server) {
    List<Operation> ops =
        repository.findByServer(server.id(), 1, 0).collectList().block(Duration.ofSeconds(5));
    return ops.get(0);
  }
}
