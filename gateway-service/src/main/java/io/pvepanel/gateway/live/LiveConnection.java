package io.pvepanel.gateway.live;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.control.ControlClient;
import io.pvepanel.gateway.control.OperationNotVisibleException;
import io.pvepanel.security.CurrentUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.JsonNode;

/**
 * One {@code /ws} socket: its authentication state, its subscriptions (servers watched, operations
 * followed) and its bounded send buffer.
 *
 * <p>Outgoing frames go through a unicast sink over a bounded queue ({@code live.send-buffer}
 * frames). Whoever emits (the Kafka listener thread, a timer, the socket's own inbound processing)
 * never waits: when the queue is full the socket is dropped with close code 4408 and, if the close
 * frame cannot be flushed within {@code live.close-grace}, the TCP connection is cut. A client that
 * stops reading thus costs at most its queue, Reactor Netty's prefetch, Netty's write buffer and
 * the kernel's socket buffers, and never slows the others.
 */
final class LiveConnection {

  static final CloseStatus AUTH_FAILED = new CloseStatus(4401, "authentication required");
  static final CloseStatus AUTH_TIMEOUT = new CloseStatus(4401, "authentication timeout");
  static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "token expired");
  static final CloseStatus SLOW_CONSUMER = new CloseStatus(4408, "send buffer overflow");
  static final CloseStatus TOO_MANY_SOCKETS = new CloseStatus(4429, "too many sockets");
  static final CloseStatus IDLE = new CloseStatus(4000, "idle");

  private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");
  // asks again at most this often when a server's access changed while its answer was on the way
  private static final int ACCESS_ATTEMPTS = 3;

  /** What became of one {@code server.access} answer. */
  private enum Watch {
    SUBSCRIBED,
    REFUSED,
    /** The server's access changed while the answer was on its way: ask again. */
    STALE
  }

  private final WebSocketSession session;
  private final LiveHub hub;
  private final ReactiveJwtDecoder decoder;
  private final AccessCache access;
  private final ControlClient control;
  private final Clock clock;
  private final GatewayProperties.Live config;
  private final Runnable authFailed;

  private final Sinks.Many<String> out;
  private final Sinks.Empty<Void> kill = Sinks.empty();
  private final Sinks.Empty<Void> stopHeartbeat = Sinks.empty();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<CloseStatus> closeStatus =
      new AtomicReference<>(CloseStatus.NORMAL);
  private final Set<String> servers = ConcurrentHashMap.newKeySet();
  private final Map<String, OperationFollow> follows = new ConcurrentHashMap<>();
  // operations followed to their end, most recent last (bounded): their later records are stale
  private final Set<String> followedToTheEnd;
  private final Disposable.Swap tokenTimers = Disposables.swap();
  private final Disposable.Composite tasks = Disposables.composite();

  private volatile CurrentUser user;
  private volatile String token;
  private volatile Instant expiresAt;
  private volatile long lastInboundNanos = System.nanoTime();

  LiveConnection(
      WebSocketSession session,
      LiveHub hub,
      ReactiveJwtDecoder decoder,
      AccessCache access,
      ControlClient control,
      Clock clock,
      GatewayProperties.Live config,
      Runnable authFailed) {
    this.session = session;
    this.authFailed = authFailed;
    this.hub = hub;
    this.decoder = decoder;
    this.access = access;
    this.control = control;
    this.clock = clock;
    this.config = config;
    this.out =
        Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(config.sendBuffer()).get());
    int remembered = config.maxOperationFollows();
    this.followedToTheEnd =
        Collections.synchronizedSet(
            Collections.newSetFromMap(
                new LinkedHashMap<>() {
                  @Override
                  protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > remembered;
                  }
                }));
  }

  /** Starts the auth timeout and the heartbeat; returns the sending side of the socket. */
  Mono<Void> start() {
    hub.opened(this);
    tasks.add(
        Mono.delay(config.authTimeout())
            .subscribe(
                x -> {
                  if (user == null) {
                    authFailed.run();
                    closeAfter(
                        Frames.error("auth-timeout", "No auth frame in time."), AUTH_TIMEOUT);
                  }
                }));
    Flux<WebSocketMessage> heartbeats =
        Flux.interval(config.heartbeat(), config.heartbeat())
            .handle(
                (i, sink) -> {
                  long silentNanos = System.nanoTime() - lastInboundNanos;
                  if (silentNanos > config.heartbeat().toNanos() * 3) {
                    closeAfter(null, IDLE);
                  } else {
                    sink.next(session.pingMessage(f -> f.wrap(new byte[0])));
                  }
                });
    Flux<WebSocketMessage> frames =
        Flux.merge(
                out.asFlux().map(session::textMessage),
                heartbeats.takeUntilOther(stopHeartbeat.asMono()))
            .takeUntilOther(kill.asMono());
    return session.send(frames).then(Mono.defer(() -> session.close(closeStatus.get())));
  }

  void touch() {
    lastInboundNanos = System.nanoTime();
  }

  /** Handles one client frame; completes when it has been handled. */
  Mono<Void> onFrame(String text) {
    if (closed.get()) {
      return Mono.empty();
    }
    if (text.length() > config.maxFrameSize().toBytes()) {
      closeAfter(
          Frames.error("frame-too-large", "Frame too large."),
          new CloseStatus(1009, "frame too large"));
      return Mono.empty();
    }
    JsonNode frame;
    try {
      frame = io.pvepanel.events.EventJson.mapper().readTree(text);
    } catch (RuntimeException e) {
      send(Frames.error("bad-frame", "Frames are JSON objects with a type."));
      return Mono.empty();
    }
    String type = frame.path("type").asString("");
    if (user == null && !"auth".equals(type)) {
      authFailed.run();
      closeAfter(Frames.error("unauthenticated", "The first frame must be auth."), AUTH_FAILED);
      return Mono.empty();
    }
    return switch (type) {
      case "auth" -> auth(frame.path("token").asString(""));
      case "subscribe:server" -> subscribe(frame.path("serverId").asString(""));
      case "unsubscribe:server" -> unsubscribe(frame.path("serverId").asString(""));
      case "subscribe:operation" -> followOperation(frame.path("operationId").asString(""));
      case "ping" -> {
        send(Frames.simple("pong"));
        yield Mono.empty();
      }
      default -> {
        send(Frames.error("bad-frame", "Unknown frame type."));
        yield Mono.empty();
      }
    };
  }

  private Mono<Void> auth(String presented) {
    if (presented.isBlank()) {
      return refuseToken();
    }
    return decoder
        .decode(presented)
        .doOnNext(jwt -> accept(presented, jwt))
        .onErrorResume(
            e -> {
              log.debug("Live channel token refused: {}", e.toString());
              return refuseToken().then(Mono.empty());
            })
        .then();
  }

  private Mono<Void> refuseToken() {
    authFailed.run();
    if (user == null) {
      closeAfter(Frames.error("invalid-token", "The token is not valid."), AUTH_FAILED);
    } else {
      send(Frames.error("invalid-token", "The token is not valid; the current one stays in use."));
    }
    return Mono.empty();
  }

  private void accept(String presented, Jwt jwt) {
    CurrentUser next = CurrentUser.from(jwt);
    CurrentUser current = user;
    if (current != null && !current.id().equals(next.id())) {
      send(Frames.error("user-mismatch", "A renewal must be for the same user."));
      return;
    }
    if (current == null && !hub.authenticated(next.id(), this, config.maxSocketsPerUser())) {
      closeAfter(
          Frames.error("too-many-sockets", "Too many live sockets for this user."),
          TOO_MANY_SOCKETS);
      return;
    }
    Instant exp = jwt.getExpiresAt();
    this.token = presented;
    this.expiresAt = exp;
    this.user = next;
    if (closed.get()) {
      // closed while being counted: terminate may not have seen the user yet
      hub.release(next.id(), this);
      return;
    }
    scheduleExpiry(exp);
    send(Frames.authOk(next.id(), exp));
  }

  private void scheduleExpiry(Instant exp) {
    Instant now = clock.instant();
    Duration untilExpiry = Duration.between(now, exp);
    Duration untilWarning = untilExpiry.minus(config.expiringLead());
    Disposable.Composite timers = Disposables.composite();
    timers.add(
        Mono.delay(untilWarning.isNegative() ? Duration.ZERO : untilWarning)
            .subscribe(x -> send(Frames.tokenExpiring(exp))));
    timers.add(
        Mono.delay(untilExpiry.isNegative() ? Duration.ZERO : untilExpiry)
            .subscribe(
                x ->
                    closeAfter(
                        Frames.error("token-expired", "The token has expired."), TOKEN_EXPIRED)));
    tokenTimers.update(timers);
  }

  private Mono<Void> subscribe(String serverId) {
    if (!ID.matcher(serverId).matches()) {
      send(Frames.error("bad-frame", "serverId is required.", serverId));
      return Mono.empty();
    }
    if (servers.contains(serverId)) {
      send(Frames.withServer("subscribed", serverId));
      return Mono.empty();
    }
    if (servers.size() >= config.maxSubscriptions()) {
      send(Frames.error("too-many-subscriptions", "Too many subscriptions.", serverId));
      return Mono.empty();
    }
    return watch(serverId, ACCESS_ATTEMPTS)
        .doOnNext(
            outcome -> {
              switch (outcome) {
                case SUBSCRIBED -> {} // acknowledged with the subscription (watch)
                case REFUSED -> send(Frames.error("forbidden", "No such server.", serverId));
                case STALE -> send(Frames.error("unavailable", "Try again shortly.", serverId));
              }
            })
        .onErrorResume(
            e -> {
              log.warn("server.access failed: {}", e.toString());
              send(Frames.error("unavailable", "Try again shortly.", serverId));
              return Mono.empty();
            })
        .then();
  }

  /**
   * Asks whether the user may watch {@code serverId} and subscribes if so. An answer that may
   * predate a change of the server's access ({@link AccessCache#revoke}, from the inventory) is not
   * trusted: the subscription is undone and the question asked again — the revocation either sees
   * this socket among the watchers, or happened before the question and so was answered after it.
   */
  private Mono<Watch> watch(String serverId, int attempts) {
    CurrentUser u = user;
    long revocations = access.revocations();
    return access
        .mayWatch(u.id(), token, serverId)
        .map(
            allowed -> {
              if (!allowed || closed.get()) {
                return Watch.REFUSED;
              }
              // with accessChanged: the client sees "subscribed" and "unsubscribed" in the order
              // the subscription began and ended
              synchronized (servers) {
                servers.add(serverId);
                hub.subscribe(serverId, this);
                if (access.revocations() != revocations) {
                  servers.remove(serverId);
                  hub.unsubscribe(serverId, this);
                  return Watch.STALE;
                }
                if (closed.get()) {
                  hub.unsubscribe(serverId, this);
                }
                send(Frames.withServer("subscribed", serverId));
                return Watch.SUBSCRIBED;
              }
            })
        .flatMap(
            outcome ->
                outcome == Watch.STALE && attempts > 1
                    ? watch(serverId, attempts - 1)
                    : Mono.just(outcome));
  }

  /**
   * {@code serverId} now belongs to {@code ownerId} ({@code null}: deleted). Unless this socket's
   * user is that owner or support staff, its subscription ends and the client is told.
   */
  void accessChanged(String serverId, String ownerId) {
    CurrentUser u = user;
    if (u != null && u.admin()) {
      return;
    }
    if (u != null && ownerId != null && u.id().equals(ownerId)) {
      return;
    }
    synchronized (servers) {
      if (servers.remove(serverId)) {
        hub.unsubscribe(serverId, this);
        send(Frames.unsubscribed(serverId, "access"));
      }
    }
  }

  private Mono<Void> unsubscribe(String serverId) {
    if (servers.remove(serverId)) {
      hub.unsubscribe(serverId, this);
    }
    send(Frames.withServer("unsubscribed", serverId));
    return Mono.empty();
  }

  /**
   * Follows one operation until it finishes: the control service ({@code operation.access}) says
   * whether the user may see it and gives its state now; later states come from Kafka through the
   * hub. A repeated follow of the same operation is ignored; at most {@code
   * live.max-operation-follows} at a time.
   */
  private Mono<Void> followOperation(String operationId) {
    if (!ID.matcher(operationId).matches()) {
      send(Frames.error("bad-frame", "operationId is required."));
      return Mono.empty();
    }
    if (follows.containsKey(operationId) || followedToTheEnd.contains(operationId)) {
      return Mono.empty();
    }
    if (follows.size() >= config.maxOperationFollows()) {
      send(
          Frames.operationError(
              "too-many-operations", "Too many operations followed.", operationId));
      return Mono.empty();
    }
    OperationFollow follow = new OperationFollow();
    follows.put(operationId, follow);
    hub.follow(operationId, this);
    if (closed.get()) {
      forget(operationId, follow, false);
      return Mono.empty();
    }
    return control
        .operation(token, operationId)
        .doOnNext(
            op -> {
              if (follow.onConfirmed(op.state(), Frames.operationUpdate(op), this::deliver)) {
                forget(operationId, follow, true);
              }
            })
        .onErrorResume(
            e -> {
              forget(operationId, follow, false);
              if (e instanceof OperationNotVisibleException) {
                send(Frames.operationError("not-found", "No such operation.", operationId));
              } else {
                log.warn("operation.access failed: {}", e.toString());
                send(Frames.operationError("unavailable", "Try again shortly.", operationId));
              }
              return Mono.empty();
            })
        .then();
  }

  /**
   * An {@code operation:update} from Kafka for this socket: it follows the operation, or watches
   * its server ({@code watching}), or both — the hub offers each record once. Returns whether a
   * frame was queued. An operation followed to its end sends nothing more, also to a watcher of its
   * server (the end may have come first with the control service's answer).
   */
  boolean operationUpdate(String operationId, String state, String frame, boolean watching) {
    OperationFollow follow = follows.get(operationId);
    if (follow == null) {
      return watching && !followedToTheEnd.contains(operationId) && deliver(frame);
    }
    boolean[] queued = {false};
    if (follow.onUpdate(state, frame, watching, f -> queued[0] = deliver(f))) {
      forget(operationId, follow, true);
    }
    return queued[0];
  }

  /** Ends a follow; {@code toTheEnd}: its operation finished and the end has been sent. */
  private void forget(String operationId, OperationFollow follow, boolean toTheEnd) {
    if (toTheEnd) {
      // remembered before the follow goes, so a concurrent record sees one or the other
      followedToTheEnd.add(operationId);
    }
    if (follows.remove(operationId, follow)) {
      hub.unfollow(operationId, this);
    }
  }

  /** A fan-out delivery: dropped once the token has expired. Returns whether it was queued. */
  boolean deliver(String frame) {
    Instant exp = expiresAt;
    if (exp == null || !clock.instant().isBefore(exp)) {
      return false;
    }
    return send(frame);
  }

  /** Queues a frame; overflow drops the socket. */
  boolean send(String frame) {
    if (closed.get()) {
      return false;
    }
    Sinks.EmitResult result;
    synchronized (out) {
      result = out.tryEmitNext(frame);
    }
    if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
      drop();
      return false;
    }
    return result.isSuccess();
  }

  /** Sends a last frame (if any), flushes what is queued, then closes with {@code status}. */
  void closeAfter(String lastFrame, CloseStatus status) {
    if (lastFrame != null) {
      send(lastFrame);
    }
    if (terminate(status)) {
      synchronized (out) {
        out.tryEmitComplete();
      }
      signal(stopHeartbeat);
      cutAfterGrace();
    }
  }

  /** Slow consumer: drop queued frames and close with 4408 at once. */
  private void drop() {
    if (terminate(SLOW_CONSUMER)) {
      hub.countDropped();
      log.info("Dropping slow live-channel consumer (user {})", user == null ? "-" : user.id());
      signal(kill);
      session.close(SLOW_CONSUMER).subscribe(null, e -> {});
      cutAfterGrace();
    }
  }

  private void cutAfterGrace() {
    Mono.delay(config.closeGrace())
        .subscribe(
            x -> {
              if (session instanceof AbortableWebSocketSession abortable) {
                abortable.abort();
              }
            });
  }

  /** Marks the socket closed (first caller wins) and releases subscriptions and timers. */
  boolean terminate(CloseStatus status) {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    closeStatus.set(status);
    CurrentUser u = user;
    hub.closed(this, u == null ? null : u.id(), Set.copyOf(servers), Set.copyOf(follows.keySet()));
    servers.clear();
    follows.clear();
    tokenTimers.dispose();
    tasks.dispose();
    return true;
  }

  /** The client went away: release everything, stop sending. */
  void onInboundDone() {
    if (terminate(CloseStatus.NORMAL)) {
      signal(kill);
    }
  }

  private static void signal(Sinks.Empty<Void> sink) {
    while (sink.tryEmitEmpty() == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
      Thread.onSpinWait();
    }
  }
}
