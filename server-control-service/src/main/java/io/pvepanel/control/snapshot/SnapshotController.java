package io.pvepanel.control.snapshot;

import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.operation.OperationSpec;
import io.pvepanel.control.operation.OperationView;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.Snapshot;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.NotFoundException;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Snapshots. The list is reconciled with Proxmox on every read, so snapshots made or removed
 * outside the panel show as they are; the panel's records only give them stable ids.
 */
@RestController
@RequestMapping("/api/server/{id}")
class SnapshotController {

  /** Names Proxmox reserves (LXC: current, vzdump; QEMU: current, pending). */
  static final Set<String> RESERVED = Set.of("current", "vzdump", "pending");

  private final ServerAccess access;
  private final OperationService operations;
  private final SnapshotRepository snapshots;
  private final CatalogRepository catalog;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final Clock clock;

  SnapshotController(
      ServerAccess access,
      OperationService operations,
      SnapshotRepository snapshots,
      CatalogRepository catalog,
      ObjectProvider<ProxmoxClusters> clusters,
      Clock clock) {
    this.access = access;
    this.operations = operations;
    this.snapshots = snapshots;
    this.catalog = catalog;
    this.clusters = clusters;
    this.clock = clock;
  }

  @GetMapping("/snapshots")
  Flux<SnapshotView> list(@PathVariable String id) {
    return CurrentUser.current()
        .flatMap(user -> access.visible(user, id))
        .flatMapMany(this::reconciled);
  }

  @PostMapping("/snapshot")
  Mono<ResponseEntity<OperationView>> create(
      @PathVariable String id,
      @Valid @RequestBody SnapshotRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    if (RESERVED.contains(request.name().toLowerCase(Locale.ROOT))) {
      return Mono.error(
          new InvalidFieldException("name", "'" + request.name() + "' is a reserved name"));
    }
    String description = request.description() == null ? "" : request.description();
    return operations
        .submitOnServer(
            id,
            wait,
            server ->
                reconciled(server)
                    .collectList()
                    .flatMap(existing -> checkRoom(server, existing, request.name()))
                    .thenReturn(
                        OperationSpec.of(
                                "snapshot.create",
                                "name=" + request.name(),
                                client ->
                                    client.createSnapshot(
                                        server.ref(), request.name(), description),
                                null)
                            .andOnSuccess(
                                (s, op) ->
                                    snapshots.upsert(
                                        new SnapshotRecord(
                                            UUID.randomUUID().toString(),
                                            s.id(),
                                            request.name(),
                                            description,
                                            null,
                                            clock.instant())))))
        .map(OperationView::response);
  }

  @PostMapping("/snapshot/restore")
  Mono<ResponseEntity<OperationView>> restore(
      @PathVariable String id,
      @Valid @RequestBody RestoreRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return operations
        .submitOnServer(
            id,
            wait,
            server ->
                find(server, request.snapshotId())
                    .map(
                        snap -> {
                          // A running container is stopped by the rollback; bring it back up so
                          // a restore does not leave the customer offline. Proxmox's rollback
                          // start=1 runs the start as a separate task the rollback's UPID does
                          // not cover, so the start is this operation's second task, followed
                          // like create's: "succeeded" means it runs again.
                          boolean start = "running".equals(server.status());
                          OperationSpec spec =
                              OperationSpec.of(
                                  "snapshot.restore",
                                  "name=" + snap.name(),
                                  client ->
                                      client.rollbackSnapshot(server.ref(), snap.name(), false),
                                  start ? "running" : "stopped");
                          return start ? spec.andThen(client -> client.start(server.ref())) : spec;
                        }))
        .map(OperationView::response);
  }

  @DeleteMapping("/snapshot/{snapshotId}")
  Mono<ResponseEntity<OperationView>> delete(
      @PathVariable String id,
      @PathVariable String snapshotId,
      @RequestParam(defaultValue = "false") boolean wait) {
    return operations
        .submitOnServer(
            id,
            wait,
            server ->
                find(server, snapshotId)
                    .map(
                        snap ->
                            OperationSpec.of(
                                    "snapshot.delete",
                                    "name=" + snap.name(),
                                    client -> client.deleteSnapshot(server.ref(), snap.name()),
                                    null)
                                .andOnSuccess((s, op) -> snapshots.delete(s.id(), snap.name()))))
        .map(OperationView::response);
  }

  private Mono<SnapshotView> find(Server server, String snapshotId) {
    return reconciled(server)
        .filter(s -> s.id().equals(snapshotId))
        .next()
        .switchIfEmpty(Mono.error(new NotFoundException("Snapshot")));
  }

  private Mono<Void> checkRoom(Server server, List<SnapshotView> existing, String name) {
    if (existing.stream().anyMatch(s -> s.name().equalsIgnoreCase(name))) {
      return Mono.error(new ConflictException("A snapshot named '" + name + "' exists already"));
    }
    Mono<Integer> quota =
        server.planId() == null
            ? Mono.just(Integer.MAX_VALUE)
            : catalog
                .plan(server.planId())
                .map(Plan::snapshotQuota)
                .defaultIfEmpty(Integer.MAX_VALUE);
    return quota.flatMap(
        q ->
            existing.size() >= q
                ? Mono.error(
                    new ConflictException(
                        "The plan allows " + q + " snapshots; delete one to take another"))
                : Mono.empty());
  }

  /** Proxmox's list merged into the panel's records: new ones recorded, vanished ones dropped. */
  private Flux<SnapshotView> reconciled(Server server) {
    Mono<List<Snapshot>> live =
        Mono.defer(() -> clusters.getObject().client(server.cluster()).snapshots(server.ref()));
    return Mono.zip(live, snapshots.forServer(server.id()).collectList())
        .flatMapMany(
            t -> {
              List<Snapshot> pve = t.getT1();
              Map<String, SnapshotRecord> known = new HashMap<>();
              t.getT2().forEach(r -> known.put(r.name(), r));
              String currentParent =
                  pve.stream()
                      .filter(Snapshot::isCurrent)
                      .flatMap(s -> java.util.stream.Stream.ofNullable(s.parent()))
                      .findFirst()
                      .orElse(null);
              List<SnapshotRecord> merged =
                  pve.stream()
                      .filter(s -> !s.isCurrent())
                      .map(
                          s -> {
                            SnapshotRecord r = known.remove(s.name());
                            return new SnapshotRecord(
                                r == null ? UUID.randomUUID().toString() : r.id(),
                                server.id(),
                                s.name(),
                                s.description() == null ? "" : s.description(),
                                s.parent(),
                                s.snaptime() != null && s.snaptime() > 0
                                    ? Instant.ofEpochSecond(s.snaptime())
                                    : r != null ? r.createdAt() : clock.instant());
                          })
                      .toList();
              Mono<Void> store =
                  Flux.fromIterable(merged)
                      .concatMap(snapshots::upsert)
                      .thenMany(
                          Flux.fromIterable(known.values())
                              .concatMap(gone -> snapshots.delete(server.id(), gone.name())))
                      .then();
              return store.thenMany(
                  Flux.fromIterable(merged)
                      .sort(java.util.Comparator.comparing(SnapshotRecord::createdAt))
                      .map(
                          r ->
                              new SnapshotView(
                                  r.id(),
                                  r.name(),
                                  r.description(),
                                  r.parent(),
                                  r.createdAt(),
                                  r.name().equals(currentParent))));
            });
  }
}
