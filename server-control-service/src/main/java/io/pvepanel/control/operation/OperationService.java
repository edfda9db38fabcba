package io.pvepanel.control.operation;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.ProxmoxException;
import io.pvepanel.proxmox.client.ProxmoxTaskFailedException;
import io.pvepanel.proxmox.client.ProxmoxTimeoutException;
import io.pvepanel.proxmox.client.Upid;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.ProxmoxFaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs every server mutation the same way: take the server's operation lock (one at a time, a
 * second request gets 409), ask Proxmox to start the task, then follow the task by UPID to its end
 * in the background. Each state change is written with its audit entry and its event in one
 * transaction. Operations still running when the service stops are picked up again at start.
 */
@Service
public class OperationService {

  private static final Logger log = LoggerFactory.getLogger(OperationService.class);

  private final OperationRepository operations;
  private final ServerRepository servers;
  private final ServerAccess access;
  private final AuditLog audit;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final ControlProperties properties;
  private final Clock clock;
  private final Sinks.Many<Operation> updates = Sinks.many().multicast().directBestEffort();
  private final Disposable.Composite following = Disposables.composite();

  OperationService(
      OperationRepository operations,
      ServerRepository servers,
      ServerAccess access,
      AuditLog audit,
      Outbox outbox,
      TransactionalOperator tx,
      ObjectProvider<ProxmoxClusters> clusters,
      ControlProperties properties,
      Clock clock) {
    this.operations = operations;
    this.servers = servers;
    this.access = access;
    this.audit = audit;
    this.outbox = outbox;
    this.tx = tx;
    this.clusters = clusters;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The common path of every mutation route: the caller's server (or the same 404 for a foreign or
   * unknown id, before anything reaches Proxmox), the operation {@code spec} describes for it, and,
   * when the caller asked to wait, its end.
   */
  public Mono<Operation> submitOnServer(
      String serverId, boolean wait, Function<Server, Mono<OperationSpec>> spec) {
    return CurrentUser.current()
        .flatMap(
            user ->
                access
                    .visible(user, serverId)
                    .flatMap(server -> spec.apply(server).flatMap(s -> submit(user, server, s))))
        .flatMap(op -> settle(op, wait));
  }

  /**
   * Starts an operation. Completes with the running operation once Proxmox accepted the task;
   * errors with {@link ConflictException} when another operation holds the server, or with the
   * error of the Proxmox call (the operation is then recorded as failed). Once enqueued, the
   * operation goes on if the caller goes away.
   */
  public Mono<Operation> submit(CurrentUser user, Server server, OperationSpec spec) {
    Operation queued = Operation.queued(server.id(), spec.kind(), user.id(), clock.instant());
    Mono<Void> enqueue =
        operations
            .insertQueued(queued)
            .then(
                audit.record(server.id(), user.id(), spec.kind(), "requested", spec.auditDetail()))
            .then(
                outbox.append(
                    Topics.SERVER_EVENTS, event(server, queued, ServerEvent.OPERATION_QUEUED)))
            .as(tx::transactional)
            .onErrorMap(
                DataIntegrityViolationException.class,
                e -> new ConflictException("Another operation is running on this server"));
    return detached(enqueue.then(Mono.defer(() -> proceed(server, queued, spec))));
  }

  /**
   * What follows the enqueue: the Proxmox call, then following its task, or the end at once when
   * there is no task. Any failure of the call ends the operation as failed, so the server is never
   * left held by an operation that did not start.
   */
  private Mono<Operation> proceed(Server server, Operation queued, OperationSpec spec) {
    return Mono.defer(() -> spec.call().apply(clusters.getObject().client(server.cluster())))
        .onErrorResume(
            e -> finish(server, queued, spec, Operation.FAILED, describe(e)).then(Mono.error(e)))
        .flatMap(upid -> markRunning(server, queued, upid))
        .doOnNext(running -> follow(server, running, spec))
        // no task: Proxmox already is as the operation wants it (a guest a delete finds gone)
        .switchIfEmpty(Mono.defer(() -> finish(server, queued, spec, Operation.SUCCEEDED, null)))
        // the caller may be gone: what went wrong is said here, not only to it
        .doOnError(
            e ->
                log.info(
                    "Operation {} ({}) on server {} failed: {}",
                    queued.id(),
                    queued.kind(),
                    server.id(),
                    e.toString()));
  }

  /**
   * Runs {@code work} to its end even when the caller stops listening (a client that hangs up
   * cancels its request): once its enqueue has begun, an operation must reach running or an end, or
   * it would hold the server until {@link #failAbandoned} finds it. The work runs without the
   * caller's Reactor context.
   */
  private static Mono<Operation> detached(Mono<Operation> work) {
    Sinks.One<Operation> result = Sinks.one();
    work.subscribe(result::tryEmitValue, result::tryEmitError, result::tryEmitEmpty);
    return result.asMono();
  }

  /**
   * What the operation's record says went wrong. It reaches the customer (API, events, mail), so a
   * Proxmox fault is told as the API tells it ({@link ProxmoxFaults}) and the details are logged.
   */
  static String describe(Throwable e) {
    if (e instanceof ProxmoxException proxmox) {
      return ProxmoxFaults.describe(proxmox);
    }
    if (e instanceof IllegalStateException && e.getMessage() != null) {
      return e.getMessage();
    }
    return "The virtualisation cluster could not carry out the request.";
  }

  private Mono<Operation> markRunning(Server server, Operation queued, Upid upid) {
    Operation running =
        new Operation(
            queued.id(),
            queued.serverId(),
            queued.kind(),
            Operation.RUNNING,
            upid.toString(),
            null,
            queued.requestedBy(),
            queued.startedAt(),
            null);
    return operations
        .markRunning(queued.id(), upid.toString())
        .then(
            outbox.append(
                Topics.SERVER_EVENTS, event(server, running, ServerEvent.OPERATION_RUNNING)))
        .as(tx::transactional)
        .thenReturn(running)
        .doOnNext(updates::tryEmitNext);
  }

  private void follow(Server server, Operation running, OperationSpec spec) {
    Upid upid = Upid.parse(running.upid());
    Duration left =
        properties.operationTimeout().minus(Duration.between(running.startedAt(), clock.instant()));
    if (left.isNegative() || left.isZero()) {
      left = Duration.ofSeconds(1);
    }
    Disposable d =
        Mono.defer(
                () -> {
                  var client = clusters.getObject().client(server.cluster());
                  Mono<?> first = client.awaitTask(upid, properties.operationTimeout());
                  if (spec.next() == null) {
                    return first;
                  }
                  return first
                      .then(Mono.defer(() -> spec.next().apply(client)))
                      .flatMap(
                          second ->
                              operations
                                  .markRunning(running.id(), second.toString())
                                  .then(client.awaitTask(second, properties.operationTimeout())));
                })
            .timeout(left)
            .then(finish(server, running, spec, Operation.SUCCEEDED, null))
            .onErrorResume(
                ProxmoxTaskFailedException.class,
                e -> finish(server, running, spec, Operation.FAILED, e.exitStatus()))
            .onErrorResume(
                e -> !(e instanceof ProxmoxTaskFailedException),
                e ->
                    finish(
                        server,
                        running,
                        spec,
                        Operation.FAILED,
                        e instanceof ProxmoxTimeoutException
                                || e instanceof java.util.concurrent.TimeoutException
                            ? "Proxmox did not report the end of the task in time"
                            : "Following the task failed: " + describe(e)))
            .onErrorResume(
                e -> {
                  log.error("Could not record the end of operation {}", running.id(), e);
                  return Mono.empty();
                })
            .subscribe();
    following.add(d);
  }

  /**
   * Records the end of {@code op} and its effects in one transaction; emits the ended operation.
   */
  private Mono<Operation> finish(
      Server server, Operation op, OperationSpec spec, String state, String error) {
    Instant at = clock.instant();
    Operation ended =
        new Operation(
            op.id(),
            op.serverId(),
            op.kind(),
            state,
            op.upid(),
            error,
            op.requestedBy(),
            op.startedAt(),
            at);
    boolean succeeded = Operation.SUCCEEDED.equals(state);
    Mono<Void> effects =
        succeeded
            ? spec.onSuccess()
                .apply(server, ended)
                .then(
                    spec.statusAfter() == null
                        ? Mono.empty()
                        : servers
                            .updateStatus(server.id(), spec.statusAfter(), at)
                            .then(
                                outbox.append(
                                    Topics.SERVER_EVENTS,
                                    statusEvent(server, spec.statusAfter(), at))))
            : Mono.empty();
    return operations
        .finish(op.id(), state, error, at)
        .flatMap(
            changed ->
                changed
                    ? effects
                        .then(
                            audit.record(
                                server.id(),
                                op.requestedBy(),
                                op.kind(),
                                state,
                                spec.auditDetail()))
                        .then(
                            outbox.append(
                                Topics.SERVER_EVENTS,
                                event(
                                    server,
                                    ended,
                                    succeeded
                                        ? ServerEvent.OPERATION_SUCCEEDED
                                        : ServerEvent.OPERATION_FAILED)))
                        .thenReturn(ended)
                    // ended meanwhile elsewhere (another instance, the abandoned sweep): as it is
                    : operations.findById(op.id()).defaultIfEmpty(ended))
        .as(tx::transactional)
        .doOnNext(updates::tryEmitNext);
  }

  /** The operation once it has ended, or as it stands when {@code bound} runs out. */
  public Mono<Operation> awaitEnd(String operationId, Duration bound) {
    Mono<Operation> ended =
        updates.asFlux().filter(o -> o.id().equals(operationId) && o.finished()).next();
    Mono<Operation> current = operations.findById(operationId);
    return Flux.merge(ended, current.filter(Operation::finished)).next().timeout(bound, current);
  }

  /** The operation as it is now, or, when the caller asked to wait, once it has ended. */
  public Mono<Operation> settle(Operation op, boolean wait) {
    return wait ? awaitEnd(op.id(), properties.waitBound()) : Mono.just(op);
  }

  /** Every state change of operations this instance runs, as they happen. */
  public Flux<Operation> updates() {
    return updates.asFlux();
  }

  /**
   * Picks up operations a previous run left: running ones are followed again by their UPID (an
   * instance that still follows one too does no harm: only the first end is recorded); queued ones
   * are failed by {@link #failAbandoned} once they are old enough.
   */
  @EventListener(ApplicationReadyEvent.class)
  void resumeUnfinished() {
    operations
        .findUnfinished()
        .filter(op -> op.upid() != null)
        .concatMap(
            op ->
                servers
                    .findById(op.serverId())
                    .doOnNext(
                        server ->
                            follow(server, op, ResumableOperations.spec(server, op, servers))))
        .then(failAbandoned())
        .onErrorResume(
            e -> {
              log.error("Could not resume unfinished operations", e);
              return Mono.empty();
            })
        .subscribe();
  }

  /**
   * Fails operations queued longer than {@code abandoned-after}: the instance that was starting
   * them is gone (a live one moves an operation on within its Proxmox call's bounds), and each
   * would hold its server. Emits how many were failed.
   */
  public Mono<Long> failAbandoned() {
    Instant before = clock.instant().minus(properties.abandonedAfter());
    return operations
        .findUnfinished()
        .filter(op -> op.upid() == null && op.startedAt().isBefore(before))
        .concatMap(
            op ->
                servers
                    .findById(op.serverId())
                    .flatMap(
                        server ->
                            finish(
                                server,
                                op,
                                OperationSpec.of(op.kind(), null, c -> Mono.empty(), null),
                                Operation.FAILED,
                                "Interrupted before Proxmox accepted it")))
        .count();
  }

  @jakarta.annotation.PreDestroy
  void shutdown() {
    following.dispose();
  }

  private ServerEvent event(Server server, Operation op, String type) {
    return server.event(
        type,
        clock.instant(),
        null,
        new ServerEvent.Operation(
            op.id(), op.kind(), op.state(), op.error(), op.startedAt(), op.finishedAt()));
  }

  private ServerEvent statusEvent(Server server, String status, Instant at) {
    return server.event(ServerEvent.STATUS_CHANGED, at, status, null);
  }
}
