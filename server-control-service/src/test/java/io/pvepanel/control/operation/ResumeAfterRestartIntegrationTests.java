package io.pvepanel.control.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.Upid;
import io.pvepanel.testsupport.TestProxmox;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A service that stopped while operations ran finds them at start: the one Proxmox accepted is
 * followed to its end by its UPID, the one that never reached Proxmox is failed once it is older
 * than {@code abandoned-after}, and one queued a moment ago (another instance may be starting it)
 * is left alone.
 */
class ResumeAfterRestartIntegrationTests extends ControlIntegrationTest {

  static final Duration BOUND = Duration.ofSeconds(10);

  @Autowired OperationService service;
  @Autowired OperationRepository operations;
  @Autowired ServerRepository servers;
  @Autowired ProxmoxClusters clusters;

  @Test
  void unfinishedOperationsArePickedUpAgain() {
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.lxc("pve2", 102), false);
    String serverId = TestServers.insert(servers, "95", 102, "pve2", "stopped");
    Server server = servers.findById(serverId).block(BOUND);
    // What a previous run left: Proxmox accepted a start, the service died before its end.
    Upid upid = clusters.client(TestProxmox.CLUSTER).start(server.ref()).block(BOUND);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Operation running = Operation.queued(serverId, "start", "95", now);
    operations
        .insertQueued(running)
        .then(operations.markRunning(running.id(), upid.toString()))
        .block(BOUND);

    String otherServer = TestServers.insert(servers, "95", 201, "pve2", "stopped");
    Operation queued =
        Operation.queued(otherServer, "stop", "95", now.minus(Duration.ofMinutes(10)));
    operations.insertQueued(queued).block(BOUND);
    // queued a moment ago: another instance may be asking Proxmox right now
    String thirdServer = TestServers.insert(servers, "95", 105, "pve2", "running");
    Operation justQueued = Operation.queued(thirdServer, "restart", "95", now);
    operations.insertQueued(justQueued).block(BOUND);

    service.resumeUnfinished();

    Awaitility.await()
        .atMost(BOUND)
        .untilAsserted(
            () -> {
              assertThat(operations.findById(running.id()).block(BOUND).state())
                  .isEqualTo(Operation.SUCCEEDED);
              assertThat(servers.findById(serverId).block(BOUND).status()).isEqualTo("running");
              Operation failed = operations.findById(queued.id()).block(BOUND);
              assertThat(failed.state()).isEqualTo(Operation.FAILED);
              assertThat(failed.error()).contains("Interrupted");
            });
    assertThat(operations.findById(justQueued.id()).block(BOUND).state())
        .isEqualTo(Operation.QUEUED);
    operations.finish(justQueued.id(), Operation.FAILED, "test over", Instant.now()).block(BOUND);
    // Both locks are released: the servers take new operations.
    assertThat(
            operations
                .findUnfinished()
                .filter(o -> o.serverId().equals(serverId) || o.serverId().equals(otherServer))
                .collectList()
                .block(BOUND))
        .isEmpty();
  }
}
