package io.pvepanel.gateway.console;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** One console being relayed: its server and owner once opened, its last activity, its stop. */
final class Relay {

  private final Sinks.One<CloseStatus> stop = Sinks.one();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private volatile boolean authenticated;
  private volatile String serverId;
  private volatile String ownerId;

  void authenticated() {
    authenticated = true;
  }

  boolean isAuthenticated() {
    return authenticated;
  }

  void opened(String serverId, String ownerId) {
    this.serverId = serverId;
    this.ownerId = ownerId;
    touch();
  }

  boolean isOpened() {
    return serverId != null;
  }

  String serverId() {
    return serverId;
  }

  String ownerId() {
    return ownerId;
  }

  void touch() {
    lastActivity.set(System.nanoTime());
  }

  void stop(CloseStatus status) {
    stop.tryEmitValue(status);
  }

  /** Emits {@code status} when {@link #stop} is called. */
  Mono<CloseStatus> stopped() {
    return stop.asMono();
  }

  /**
   * Emits {@code status} once the console is open and nothing moved either way for {@code idle}.
   */
  Mono<CloseStatus> idle(Duration idle, CloseStatus status) {
    long idleNanos = idle.toNanos();
    Duration check =
        Duration.ofMillis(
            Math.max(50, Math.min(idle.toMillis() / 10, Duration.ofSeconds(30).toMillis())));
    return Flux.interval(check)
        .filter(t -> isOpened() && System.nanoTime() - lastActivity.get() >= idleNanos)
        .next()
        .thenReturn(status);
  }
}
