package io.pvepanel.control.operation;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.control.server.ServerRecords;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.proxmox.client.ProxmoxClient;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
 * Runs every long action on a server the same way. The request writes the queued operation (which
 * takes the server's lock: a second request gets 409), the server's status while it runs, its audit
 * entry and its event in one transaction, before anything reaches Proxmox. The operation's steps
 * then run detached from the request, each usually one Proxmox task followed by its UPID; every
 * move (a step begun, a task accepted, the end) is recorded, so an instance that starts finds what
 * a stopped one left and finishes it: a recorded task is followed and the later steps run; a step
 * whose task was never recorded is repeated when safe, otherwise the operation fails (and a create
 * removes what it made) once it has not moved for {@code abandoned-after}.
 */
@Service
public class OperationService {

  private static final Logger log = LoggerFactory.getLogger(OperationService.class);

  private final OperationRepository operations;
  private final ServerRepository servers;
  private final ServerRecords records;
  private final ServerAccess access;
  private final AuditLog audit;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final ControlProperties properties;
  private final Clock clock;
  private final Map<OperationKind, OperationHandler> handlers = new EnumMap<>(OperationKind.class);
  private final Sinks.Many<Operation> ends = Sinks.many().multicast().directBestEffort();
  private final Disposable.Composite runs = Disposables.composite();

  OperationService(
      OperationRepository operations,
      ServerRepository servers,
      ServerRecords records,
      ServerAccess access,
      AuditLog audit,
      Outbox outbox,
      TransactionalOperator tx,
      ObjectProvider<ProxmoxClusters> clusters,
      ControlProperties properties,
      Clock clock,
      List<OperationHandler> handlerBeans) {
    this.operations = operations;
    this.servers = servers;
    this.records = records;
    this.access = access;
    this.audit = audit;
    this.outbox = outbox;
    this.tx = tx;
    this.clusters = clusters;
    this.properties = properties;
    this.clock = clock;
    for (OperationHandler h : handlerBeans) {
      for (OperationKind k : h.kinds()) {
        if (handlers.put(k, h) != null) {
          throw new IllegalStateException("Two handlers for " + k);
        }
      }
    }
  }

  /**
   * The common path of every mutation route on an existing server: the caller's server (or the same
   * 404 for a foreign or unknown id, before anything reaches Proxmox), the operation {@code
   * request} describes for it, and, when the caller asked to wait, its end.
   */
  public Mono<Operation> submitOnServer(
      String serverId, boolean wait, Function<Server, Mono<OperationRequest>> request) {
    return CurrentUser.current()
        .flatMap(
            user ->
                access
                    .actionable(user, serverId)
                    .flatMap(server -> request.apply(server).flatMap(r -> submit(user, server, r))))
        .flatMap(op -> settle(op, wait));
  }

  /**
   * Starts an operation on a recorded server. Completes once Proxmox accepted its first task (or it
   * ended, when it has none); errors with {@link ConflictException} when another operation holds
   * the server, or with what made it fail before any task was accepted (it is then recorded as
   * failed). Once enqueued, the operation goes on if the caller goes away.
   */
  public Mono<Operation> submit(CurrentUser user, Server server, OperationRequest request) {
    return start(user, server, request, Mono.empty());
  }

  /**
   * As {@link #submit}, with a change recorded in the same transaction as the queued operation:
   * {@code record} writes the server of a {@code create}, the provider's suspension of a {@code
   * provider.suspend}.
   */
  public Mono<Operation> submitNew(
      CurrentUser user, Server server, OperationRequest request, Mono<Void> record) {
    return start(user, server, request, record);
  }

  private Mono<Operation> start(
      CurrentUser user, Server server, OperationRequest request, Mono<Void> record) {
    handler(request.kind());
    Instant now = clock.instant();
    Operation queued =
        Operation.queued(server.id(), request.kind(), request.params(), user.id(), now);
    ServerStatus during = request.kind().statusWhileRunning();
    Mono<Void> enqueue =
        record
            .then(operations.insertQueued(queued))
            .then(
                during == null || during == server.status()
                    ? Mono.<Void>empty()
                    : records.status(server, during, now))
            .then(
                audit.record(
                    server.id(),
                    user.id(),
                    request.kind().auditName(),
                    "requested",
                    request.auditDetail()))
            .then(outbox.append(Topics.SERVER_EVENTS, event(server, queued, now)))
            .as(tx::transactional)
            .onErrorMap(
                DataIntegrityViolationException.class,
                e -> new ConflictException("Another operation is running on this server"));
    Sinks.One<Operation> accepted = Sinks.one();
    Disposable run =
        enqueue
            .then(Mono.defer(() -> run(queued, accepted)))
            .subscribe(
                ended -> {},
                e -> {
                  accepted.tryEmitError(e);
                  log.error("Operation {} could not be recorded or ended", queued.id(), e);
                });
    runs.add(run);
    return accepted.asMono();
  }

  /**
   * Runs {@code op} from the step it stands at to its end. {@code accepted} learns when the first
   * task is accepted or the operation ended; whoever started the run may wait for that.
   */
  private Mono<Operation> run(Operation op, Sinks.One<Operation> accepted) {
    AtomicReference<Operation> current = new AtomicReference<>(op);
    return runFrom(current, accepted)
        .onErrorResume(e -> fail(current.get(), e, accepted))
        // another instance moved it on and finishes it: as it stands
        .switchIfEmpty(Mono.defer(() -> operations.findById(op.id())))
        .doOnNext(accepted::tryEmitValue);
  }

  /** Emits the ended operation; empty when another instance moved it on (it finishes it). */
  private Mono<Operation> runFrom(
      AtomicReference<Operation> current, Sinks.One<Operation> accepted) {
    Operation op = current.get();
    OperationHandler handler = handler(op.kind());
    return servers
        .findById(op.serverId())
        .switchIfEmpty(Mono.error(new IllegalStateException("The server's record is gone")))
        .flatMap(
            server -> {
              List<Step> steps = handler.steps(op);
              if (op.step() >= steps.size()) {
                return succeed(op);
              }
              Step step = steps.get(op.step());
              ProxmoxClient client = clusters.getObject().client(server.cluster());
              OperationContext context = new OperationContext(op, server, client);
              Mono<Void> precondition =
                  op.step() == 0 && op.kind().needsRunningGuest()
                      ? requireRunning(context)
                      : Mono.empty();
              // resumed with its task recorded: follow that task, never ask Proxmox again
              Mono<Upid> task =
                  op.upid() != null
                      ? Mono.just(Upid.parse(op.upid()))
                      : precondition.then(Mono.defer(() -> step.call().apply(context)));
              return task.flatMap(upid -> followTask(current, server, upid, client, accepted))
                  .defaultIfEmpty(true)
                  .flatMap(moveOn -> moveOn ? next(current, steps.size(), accepted) : Mono.empty());
            });
  }

  /**
   * Records the task, waits for its end; emits whether this instance goes on with the operation.
   */
  private Mono<Boolean> followTask(
      AtomicReference<Operation> current,
      Server server,
      Upid upid,
      ProxmoxClient client,
      Sinks.One<Operation> accepted) {
    Operation op = current.get();
    Instant now = clock.instant();
    Operation running = op.withTask(upid.toString(), now);
    Mono<Boolean> recorded =
        op.upid() != null
            ? Mono.just(true) // resumed: the task was recorded before
            : operations
                .recordTask(op, upid.toString(), now)
                .flatMap(
                    won ->
                        !won
                            ? Mono.just(false)
                            : op.state() == OperationState.QUEUED
                                ? outbox
                                    .append(Topics.SERVER_EVENTS, event(server, running, now))
                                    .thenReturn(true)
                                : Mono.just(true))
                .as(tx::transactional);
    return recorded.flatMap(
        won -> {
          if (!won) {
            return Mono.just(false);
          }
          current.set(running);
          accepted.tryEmitValue(running);
          return client.awaitTask(upid, remaining(op)).thenReturn(true);
        });
  }

  /** After a step: the next one, or the end. */
  private Mono<Operation> next(
      AtomicReference<Operation> current, int stepCount, Sinks.One<Operation> accepted) {
    Operation op = current.get();
    int next = op.step() + 1;
    if (next >= stepCount) {
      return succeed(op);
    }
    Instant now = clock.instant();
    return operations
        .advance(op, next, now)
        .flatMap(
            won -> {
              if (!won) {
                return Mono.empty();
              }
              current.set(op.atStep(next, now));
              return runFrom(current, accepted);
            });
  }

  private Mono<Void> requireRunning(OperationContext context) {
    return context
        .client()
        .status(context.server().ref())
        .flatMap(
            status ->
                "running".equals(status.status())
                    ? Mono.empty()
                    : Mono.error(new ConflictException("The server is not running")));
  }

  private Duration remaining(Operation op) {
    Duration left =
        properties.operationTimeout().minus(Duration.between(op.startedAt(), clock.instant()));
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  private Mono<Operation> succeed(Operation op) {
    return finish(op, OperationState.SUCCEEDED, null, null);
  }

  /**
   * Ends {@code op} as failed: its handler cleans up in Proxmox first (or the guest's status is
   * read back), then the end is recorded. The caller learns {@code e} when no task had been
   * accepted.
   */
  private Mono<Operation> fail(Operation op, Throwable e, Sinks.One<Operation> accepted) {
    log.info(
        "Operation {} ({}) on server {} failed: {}",
        op.id(),
        op.kind().wire(),
        op.serverId(),
        e.toString());
    String error = describe(e);
    return afterFailure(op)
        .flatMap(after -> finish(op, OperationState.FAILED, error, after))
        .doOnNext(
            ended -> {
              if (op.state() == OperationState.QUEUED) {
                accepted.tryEmitError(e);
              }
            });
  }

  /** What a failure leaves: the handler's clean-up, or the guest's status read back. */
  private Mono<Function<Server, Mono<Void>>> afterFailure(Operation op) {
    return servers
        .findById(op.serverId())
        .flatMap(
            server -> {
              ProxmoxClient client = clusters.getObject().client(server.cluster());
              OperationContext context = new OperationContext(op, server, client);
              return handler(op.kind())
                  .onFailure(context)
                  .map(this::recordOf)
                  .switchIfEmpty(Mono.defer(() -> readBack(context)));
            })
        .onErrorResume(
            e -> {
              log.warn("Clean-up after operation {} failed: {}", op.id(), e.toString());
              return Mono.empty();
            })
        .defaultIfEmpty(s -> Mono.<Void>empty());
  }

  private Mono<Function<Server, Mono<Void>>> readBack(OperationContext context) {
    Server server = context.server();
    if (!server.placed()) {
      return Mono.empty();
    }
    return context
        .client()
        .status(server.ref())
        .map(st -> ServerStatus.fromProxmox(st.status(), st.qmpstatus()))
        .filter(status -> status != server.status())
        .map(this::recordStatus)
        .onErrorResume(e -> Mono.empty());
  }

  private Function<Server, Mono<Void>> recordOf(OperationHandler.AfterFailure outcome) {
    if (outcome == OperationHandler.AfterFailure.FORGET) {
      return s -> records.forget(s, clock.instant());
    }
    return recordStatus(ServerStatus.ERROR);
  }

  private Function<Server, Mono<Void>> recordStatus(ServerStatus status) {
    return s -> records.status(s, status, clock.instant());
  }

  /**
   * Records the end of {@code op} and its effects in one transaction; emits the ended operation (as
   * recorded elsewhere when another instance ended it first).
   *
   * @param afterFailure what a failure does to the server's record; null for a success
   */
  private Mono<Operation> finish(
      Operation op, OperationState state, String error, Function<Server, Mono<Void>> afterFailure) {
    Instant at = clock.instant();
    Operation ended = op.ended(state, error, at);
    OperationHandler handler = handler(op.kind());
    return operations
        .finish(op.id(), state, error, at)
        .flatMap(
            changed ->
                !changed
                    ? operations.findById(op.id()).defaultIfEmpty(ended)
                    : servers
                        .findById(op.serverId())
                        .flatMap(
                            server ->
                                effects(server, ended, handler, afterFailure, at)
                                    .then(
                                        audit.record(
                                            server.id(),
                                            op.requestedBy(),
                                            op.kind().auditName(),
                                            state.wire(),
                                            null))
                                    .then(
                                        outbox.append(
                                            Topics.SERVER_EVENTS, event(server, ended, at))))
                        .thenReturn(ended))
        .as(tx::transactional)
        .doOnNext(ends::tryEmitNext);
  }

  private Mono<Void> effects(
      Server server,
      Operation ended,
      OperationHandler handler,
      Function<Server, Mono<Void>> afterFailure,
      Instant at) {
    if (ended.state() == OperationState.FAILED) {
      return afterFailure == null ? Mono.empty() : afterFailure.apply(server);
    }
    ServerStatus after = ended.kind().statusAfter(server.type(), ended.params());
    return handler
        .onSuccess(server, ended)
        .then(
            after == null || after == server.status()
                ? Mono.empty()
                : records.status(server, after, at));
  }

  /** The operation once it has ended, or as it stands when {@code bound} runs out. */
  public Mono<Operation> awaitEnd(String operationId, Duration bound) {
    Mono<Operation> ended =
        ends.asFlux().filter(o -> o.id().equals(operationId) && o.finished()).next();
    Mono<Operation> current = operations.findById(operationId);
    return Flux.merge(ended, current.filter(Operation::finished)).next().timeout(bound, current);
  }

  /** The operation as it is now, or, when the caller asked to wait, once it has ended. */
  public Mono<Operation> settle(Operation op, boolean wait) {
    return wait ? awaitEnd(op.id(), properties.waitBound()) : Mono.just(op);
  }

  /**
   * What the customer is told went wrong (API, events, mail): a Proxmox fault as the API tells it
   * ({@link ProxmoxFaults}); the details are logged.
   */
  static String describe(Throwable e) {
    if (e instanceof ProxmoxTaskFailedException failed) {
      return failed.exitStatus();
    }
    if (e instanceof ProxmoxTimeoutException || e instanceof TimeoutException) {
      return "Proxmox did not report the end of the task in time";
    }
    if (e instanceof ProxmoxException proxmox) {
      return ProxmoxFaults.describe(proxmox);
    }
    if ((e instanceof IllegalStateException || e instanceof ConflictException)
        && e.getMessage() != null) {
      return e.getMessage();
    }
    return "The virtualisation cluster could not carry out the request.";
  }

  /**
   * Picks up operations a stopped instance left whose task Proxmox accepted: the task is followed
   * to its end and the later steps run (an instance that still follows it does no harm: only one
   * moves it on). Those without a task are {@link #recoverStalled}'s.
   */
  @EventListener(ApplicationReadyEvent.class)
  void resumeUnfinished() {
    Disposable d =
        operations
            .findFollowable()
            .flatMap(op -> run(op, Sinks.one()).onErrorResume(e -> Mono.empty()))
            .then(recoverStalled())
            .onErrorResume(
                e -> {
                  log.error("Could not resume unfinished operations", e);
                  return Mono.empty();
                })
            .subscribe();
    runs.add(d);
  }

  /**
   * Operations that have not moved for {@code abandoned-after} without a task to follow: the
   * instance that ran them is gone. A step that is safe to repeat runs again; otherwise the
   * operation fails ("interrupted") and its handler cleans up. Emits how many were taken over.
   */
  public Mono<Long> recoverStalled() {
    Instant before = clock.instant().minus(properties.abandonedAfter());
    return operations
        .findStalledBefore(before)
        .concatMap(
            op ->
                operations
                    .claim(op, clock.instant())
                    .filter(Boolean::booleanValue)
                    .map(claimed -> op.atStep(op.step(), clock.instant()))
                    .map(
                        claimed -> {
                          Disposable d = recover(claimed).subscribe();
                          runs.add(d);
                          return claimed;
                        }))
        .count();
  }

  private Mono<Operation> recover(Operation op) {
    List<Step> steps = handler(op.kind()).steps(op);
    boolean repeat =
        op.kind().resume() != OperationKind.Resume.FAIL
            && op.step() < steps.size()
            && steps.get(op.step()).repeatable();
    Mono<Operation> work =
        repeat
            ? run(op, Sinks.one())
            : fail(
                op,
                new IllegalStateException("Interrupted before Proxmox accepted it"),
                Sinks.one());
    return work.onErrorResume(
        e -> {
          log.error("Could not recover operation {}", op.id(), e);
          return Mono.empty();
        });
  }

  @jakarta.annotation.PreDestroy
  void shutdown() {
    runs.dispose();
  }

  private OperationHandler handler(OperationKind kind) {
    OperationHandler h = handlers.get(kind);
    if (h == null) {
      throw new IllegalStateException("No handler for " + kind);
    }
    return h;
  }

  private static ServerEvent event(Server server, Operation op, Instant at) {
    String type =
        switch (op.state()) {
          case QUEUED -> ServerEvent.OPERATION_QUEUED;
          case RUNNING -> ServerEvent.OPERATION_RUNNING;
          case SUCCEEDED -> ServerEvent.OPERATION_SUCCEEDED;
          case FAILED -> ServerEvent.OPERATION_FAILED;
        };
    return server.event(
        type,
        at,
        null,
        new ServerEvent.Operation(
            op.id(),
            op.kind().wire(),
            op.state().wire(),
            op.error(),
            op.startedAt(),
            op.finishedAt()));
  }
}
