package io.pvepanel.control.snapshot;

import io.pvepanel.control.operation.GuestSteps;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationHandler;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.Step;
import io.pvepanel.control.server.Server;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Snapshot operations. A restore of a running guest is a rollback (which stops it) followed by a
 * start: Proxmox's {@code rollback start=1} runs the start as a separate task the rollback's UPID
 * does not cover, so the panel starts it as its own step, and "succeeded" means it runs again.
 */
@Component
class SnapshotOperations implements OperationHandler {

  static final String NAME = "name";
  static final String DESCRIPTION = "description";

  private final SnapshotRepository snapshots;
  private final Clock clock;

  SnapshotOperations(SnapshotRepository snapshots, Clock clock) {
    this.snapshots = snapshots;
    this.clock = clock;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(
        OperationKind.SNAPSHOT_CREATE,
        OperationKind.SNAPSHOT_RESTORE,
        OperationKind.SNAPSHOT_DELETE);
  }

  @Override
  public List<Step> steps(Operation op) {
    String name = op.params().get(NAME);
    return switch (op.kind()) {
      case SNAPSHOT_CREATE ->
          List.of(
              Step.once(
                  "snapshot",
                  c ->
                      c.client()
                          .createSnapshot(
                              c.server().ref(), name, op.params().getOrDefault(DESCRIPTION, ""))));
      case SNAPSHOT_RESTORE -> {
        Step rollback =
            Step.once("rollback", c -> c.client().rollbackSnapshot(c.server().ref(), name, false));
        yield Boolean.parseBoolean(op.params().get(OperationKind.START_AFTER))
            ? List.of(rollback, GuestSteps.startUnlessRunning())
            : List.of(rollback);
      }
      case SNAPSHOT_DELETE ->
          List.of(
              Step.once("delete snapshot", c -> c.client().deleteSnapshot(c.server().ref(), name)));
      default -> throw new IllegalArgumentException(op.kind().wire());
    };
  }

  @Override
  public Mono<Void> onSuccess(Server server, Operation op) {
    String name = op.params().get(NAME);
    return switch (op.kind()) {
      case SNAPSHOT_CREATE ->
          snapshots.upsert(
              new SnapshotRecord(
                  UUID.randomUUID().toString(),
                  server.id(),
                  name,
                  op.params().getOrDefault(DESCRIPTION, ""),
                  null,
                  clock.instant()));
      case SNAPSHOT_DELETE -> snapshots.delete(server.id(), name);
      default -> Mono.empty();
    };
  }
}
