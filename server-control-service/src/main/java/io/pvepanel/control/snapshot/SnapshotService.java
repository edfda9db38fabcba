package io.pvepanel.control.snapshot;

import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.Snapshot;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Snapshots of the caller's servers. The list is reconciled with Proxmox on every read, so
 * snapshots made or removed outside the panel show as they are; the panel's records only give them
 * stable ids. Names follow Proxmox's rule, reserved names are refused up front, and the plan's
 * quota counts what Proxmox holds.
 */
@Service
class SnapshotService {

  /** Names Proxmox reserves (LXC: current, vzdump; QEMU: current, pending). */
  static final Set<String> RESERVED = Set.of("current", "vzdump", "pending");

  private final ServerAccess access;
  private final OperationService operations;
  private final SnapshotRepository snapshots;
  private final CatalogRepository catalog;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final Clock clock;

  SnapshotService(
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

  Flux<SnapshotView> list(String serverId) {
    return CurrentUser.current()
        .flatMap(user -> access.visible(user, serverId))
        .flatMapMany(this::reconciled);
  }

  Mono<Operation> create(String serverId, String name, String description, boolean wait) {
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      return Mono.error(new InvalidFieldException("name", "'" + name + "' is a reserved name"));
    }
    Map<String, String> params =
        Map.of(
            SnapshotOperations.NAME,
            name,
            SnapshotOperations.DESCRIPTION,
            description == null ? "" : description);
    return operations.submitOnServer(
        serverId,
        wait,
        server ->
            reconciled(server)
                .collectList()
                .flatMap(existing -> checkRoom(server, existing, name))
                .thenReturn(
                    new OperationRequest(OperationKind.SNAPSHOT_CREATE, params, "name=" + name)));
  }

  /**
   * Restores a snapshot; a guest running now is started again afterwards, so a restore does not
   * leave the customer offline.
   */
  Mono<Operation> restore(String serverId, String snapshotId, boolean wait) {
    return operations.submitOnServer(
        serverId,
        wait,
        server ->
            find(server, snapshotId)
                .zipWith(running(server))
                .map(
                    found ->
                        new OperationRequest(
                            OperationKind.SNAPSHOT_RESTORE,
                            Map.of(
                                SnapshotOperations.NAME,
                                found.getT1().name(),
                                OperationKind.START_AFTER,
                                Boolean.toString(found.getT2())),
                            "name=" + found.getT1().name())));
  }

  Mono<Operation> delete(String serverId, String snapshotId, boolean wait) {
    return operations.submitOnServer(
        serverId,
        wait,
        server ->
            find(server, snapshotId)
                .map(
                    snap ->
                        new OperationRequest(
                            OperationKind.SNAPSHOT_DELETE,
                            Map.of(SnapshotOperations.NAME, snap.name()),
                            "name=" + snap.name())));
  }

  private Mono<Boolean> running(Server server) {
    return Mono.defer(() -> clusters.getObject().client(server.cluster()).status(server.ref()))
        .map(status -> "running".equals(status.status()));
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
        .flatMapMany(t -> merge(server, t.getT1(), t.getT2()));
  }

  private Flux<SnapshotView> merge(
      Server server, List<Snapshot> pve, List<SnapshotRecord> recorded) {
    Map<String, SnapshotRecord> known = new HashMap<>();
    recorded.forEach(r -> known.put(r.name(), r));
    String currentParent =
        pve.stream()
            .filter(Snapshot::isCurrent)
            .flatMap(s -> Stream.ofNullable(s.parent()))
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
                      createdAt(s, r));
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
            .sort(Comparator.comparing(SnapshotRecord::createdAt))
            .map(
                r ->
                    new SnapshotView(
                        r.id(),
                        r.name(),
                        r.description(),
                        r.parent(),
                        r.createdAt(),
                        r.name().equals(currentParent))));
  }

  private Instant createdAt(Snapshot s, SnapshotRecord r) {
    if (s.snaptime() != null && s.snaptime() > 0) {
      return Instant.ofEpochSecond(s.snaptime());
    }
    return r != null ? r.createdAt() : clock.instant();
  }
}
