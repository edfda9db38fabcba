package io.pvepanel.control.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.LxcCreateRequest;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.Upid;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A service that stopped while operations ran finds them at start and finishes each as its kind
 * says ({@link OperationKind#resume()}): every kind is staged here as a stopped instance leaves it
 * (its Proxmox task accepted and recorded, or not), then {@link OperationService#resumeUnfinished}
 * and {@link OperationService#recoverStalled} run as at start.
 */
class ResumeAfterRestartIntegrationTests extends ControlIntegrationTest {

  static final Duration BOUND = Duration.ofSeconds(15);
  static final String OWNER = "95";

  @Autowired OperationService service;
  @Autowired OperationRepository operations;
  @Autowired ServerRepository servers;
  @Autowired ProxmoxClusters clusters;
  @Autowired CatalogRepository catalog;
  @Autowired DatabaseClient db;

  private ProxmoxClient client;

  @BeforeEach
  void setUp() {
    client = clusters.client("local");
    TestServers.offer(catalog, new Plan("small", "Small", 1, 1024, 512, 10, 2, false, true));
  }

  @Test
  void startStopShutdownAndRebootFollowTheirTask() {
    GuestRef ref = GuestRef.lxc("pve2", 105);
    TestServers.ensure(clusters, ref, false);
    assertResumed(
        105, "pve2", OperationKind.START, Map.of(), c -> c.start(ref), ServerStatus.RUNNING);
    assertResumed(
        105, "pve2", OperationKind.REBOOT, Map.of(), c -> c.reboot(ref), ServerStatus.RUNNING);
    assertResumed(
        105, "pve2", OperationKind.SHUTDOWN, Map.of(), c -> c.shutdown(ref), ServerStatus.STOPPED);
    TestServers.ensure(clusters, ref, true);
    assertResumed(
        105, "pve2", OperationKind.STOP, Map.of(), c -> c.stop(ref), ServerStatus.STOPPED);
  }

  @Test
  void aVmSuspendedAndResumedFollowsItsTask() {
    GuestRef ref = GuestRef.qemu("pve1", 200);
    TestServers.ensure(clusters, ref, true);
    assertResumed(
        200, "pve1", OperationKind.SUSPEND, Map.of(), c -> c.suspend(ref), ServerStatus.PAUSED);
    assertResumed(
        200, "pve1", OperationKind.RESUME, Map.of(), c -> c.resume(ref), ServerStatus.RUNNING);
  }

  @Test
  void snapshotsAreTakenRestoredAndDeletedAndARunningServerRunsAgainAfterARestore() {
    GuestRef ref = GuestRef.lxc("pve2", 105);
    TestServers.ensure(clusters, ref, true);
    String name = "resumed" + (System.nanoTime() % 100000);
    Map<String, String> snapshot = Map.of("name", name, "description", "");
    String id =
        assertResumed(
            105,
            "pve2",
            OperationKind.SNAPSHOT_CREATE,
            snapshot,
            c -> c.createSnapshot(ref, name, ""),
            null);
    assertThat(snapshotRecords(id)).contains(name);

    // The rollback stops the container; the restore's second step starts it again.
    assertResumed(
        105,
        "pve2",
        OperationKind.SNAPSHOT_RESTORE,
        Map.of("name", name, OperationKind.START_AFTER, "true"),
        c -> c.rollbackSnapshot(ref, name, false),
        ServerStatus.RUNNING);
    assertThat(PROXMOX.guest(105).status()).isEqualTo("running");

    String last =
        assertResumed(
            105,
            "pve2",
            OperationKind.SNAPSHOT_DELETE,
            Map.of("name", name),
            c -> c.deleteSnapshot(ref, name),
            null);
    assertThat(snapshotRecords(last)).doesNotContain(name);
  }

  @Test
  void anInterruptedPasswordChangeFailsOnceAbandoned() {
    TestServers.ensure(clusters, GuestRef.lxc("pve1", 103), true);
    String id = TestServers.insert(servers, OWNER, 103, "pve1", "running");
    Operation op = stage(id, OperationKind.PASSWORD_CHANGE, Map.of("handoff", "x"), 0, null, true);

    service.recoverStalled().block(BOUND);

    Operation ended = awaitEnd(op);
    assertThat(ended.state()).isEqualTo(OperationState.FAILED);
    assertThat(ended.error()).contains("Interrupted");
  }

  @Test
  void aCreateWhoseTaskWasRecordedIsFollowedAndTheContainerStarted() {
    Server server = placedServer("resumed-create");
    Upid create = client.createLxc(server.node(), container(server)).block(BOUND).upid();
    Operation op = stage(server.id(), OperationKind.CREATE, createParams(server), 1, create, false);

    service.resumeUnfinished();

    assertThat(awaitEnd(op).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(servers.findById(server.id()).block(BOUND).status()).isEqualTo(ServerStatus.RUNNING);
    assertThat(PROXMOX.guest(server.vmid()).status()).isEqualTo("running");
    destroy(server);
  }

  @Test
  void aCreateInterruptedBeforeItsTaskWasRecordedRemovesWhatItMade() {
    Server server = placedServer("lost-create");
    // the call reached Proxmox, the instance died before recording its task
    Upid lost = client.createLxc(server.node(), container(server)).block(BOUND).upid();
    client.awaitTask(lost, BOUND).block(BOUND);
    Operation op = stage(server.id(), OperationKind.CREATE, createParams(server), 1, null, true);

    service.recoverStalled().block(BOUND);

    Operation ended = awaitEnd(op);
    assertThat(ended.state()).isEqualTo(OperationState.FAILED);
    assertThat(PROXMOX.guest(server.vmid())).isNull();
    assertThat(servers.findById(server.id()).blockOptional(BOUND)).isEmpty();
  }

  @Test
  void aCreateInterruptedBeforeItWasPlacedLeavesNothing() {
    Server server = newServer("unplaced", null, null);
    servers.insert(server).block(BOUND);
    Operation op = stage(server.id(), OperationKind.CREATE, createParams(server), 0, null, true);

    service.recoverStalled().block(BOUND);

    assertThat(awaitEnd(op).state()).isEqualTo(OperationState.FAILED);
    assertThat(servers.findById(server.id()).blockOptional(BOUND)).isEmpty();
  }

  @Test
  void aDeleteWhoseStopWasRecordedStopsDestroysAndForgets() {
    Server server = placedServer("resumed-delete");
    Upid create = client.createLxc(server.node(), container(server)).block(BOUND).upid();
    client.awaitTask(create, BOUND).block(BOUND);
    TestServers.ensure(clusters, server.ref(), true);
    Upid stop = client.stop(server.ref()).block(BOUND);
    Operation op = stage(server.id(), OperationKind.DELETE, Map.of(), 0, stop, false);

    service.resumeUnfinished();

    assertThat(awaitEnd(op).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(PROXMOX.guest(server.vmid())).isNull();
    assertThat(servers.findById(server.id()).blockOptional(BOUND)).isEmpty();
  }

  /**
   * Stages a {@code kind} on a fresh record of guest {@code vmid} whose task {@code call} started
   * before the instance died, resumes, and checks the end and the status it leaves.
   */
  private String assertResumed(
      int vmid,
      String node,
      OperationKind kind,
      Map<String, String> params,
      Function<ProxmoxClient, reactor.core.publisher.Mono<Upid>> call,
      ServerStatus after) {
    String id = TestServers.insert(servers, OWNER, vmid, node, "unknown");
    Upid upid = call.apply(client).block(BOUND);
    Operation op = stage(id, kind, params, 0, upid, false);

    service.resumeUnfinished();

    Operation ended = awaitEnd(op);
    assertThat(ended.state()).as(kind.wire()).isEqualTo(OperationState.SUCCEEDED);
    // null: the kind leaves the status as it was recorded
    assertThat(servers.findById(id).block(BOUND).status())
        .as(kind.wire())
        .isEqualTo(after == null ? ServerStatus.UNKNOWN : after);
    return id;
  }

  /**
   * What a stopped instance leaves: {@code op} at {@code step}, with {@code upid} recorded (or
   * none); {@code stale}: it last moved long ago.
   */
  private Operation stage(
      String serverId,
      OperationKind kind,
      Map<String, String> params,
      int step,
      Upid upid,
      boolean stale) {
    Instant at =
        Instant.now()
            .minus(stale ? Duration.ofMinutes(10) : Duration.ZERO)
            .truncatedTo(ChronoUnit.MILLIS);
    Operation op = Operation.queued(serverId, kind, params, OWNER, at);
    operations.insertQueued(op).block(BOUND);
    if (step > 0) {
      operations.advance(op, step, at).block(BOUND);
      op = op.atStep(step, at);
    }
    if (upid != null) {
      operations.recordTask(op, upid.toString(), at).block(BOUND);
    }
    return op;
  }

  private Operation awaitEnd(Operation op) {
    Awaitility.await()
        .atMost(BOUND)
        .until(() -> operations.findById(op.id()).block(BOUND).finished());
    return operations.findById(op.id()).block(BOUND);
  }

  private Server placedServer(String hostname) {
    int vmid = client.nextId().block(BOUND);
    Server server = newServer(hostname, "pve2", vmid);
    servers.insert(server).block(BOUND);
    return server;
  }

  private static Server newServer(String hostname, String node, Integer vmid) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new Server(
        UUID.randomUUID().toString(),
        OWNER,
        null,
        "local",
        node,
        vmid,
        "lxc",
        hostname,
        "small",
        "debian-12",
        ServerStatus.CREATING,
        null,
        now,
        now);
  }

  private static Map<String, String> createParams(Server server) {
    return Map.of("plan", "small", "template", "debian-12", "hostname", server.hostname());
  }

  /** The container the create's second step asks for, tagged as the server's. */
  private static LxcCreateRequest container(Server server) {
    return new LxcCreateRequest(
        server.vmid(),
        TestServers.DEBIAN.volumeId(),
        server.hostname(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        true,
        "pvepanel-" + server.id());
  }

  private void destroy(Server server) {
    TestServers.ensure(clusters, server.ref(), false);
    client.awaitTask(client.delete(server.ref()).block(BOUND), BOUND).block(BOUND);
    servers.delete(server.id()).block(BOUND);
  }

  private java.util.List<String> snapshotRecords(String serverId) {
    return db.sql("SELECT name FROM snapshots WHERE server_id = :id")
        .bind("id", serverId)
        .map(r -> r.get("name", String.class))
        .all()
        .collectList()
        .block(BOUND);
  }
}
