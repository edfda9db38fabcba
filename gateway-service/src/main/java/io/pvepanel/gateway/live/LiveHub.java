package io.pvepanel.gateway.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * This instance's sockets by watched server. Every update consumed from Kafka is serialised once
 * and offered to each subscribed socket's bounded buffer; a full buffer drops that socket, never
 * the publisher.
 */
@Component
public class LiveHub {

  private final Map<String, Set<LiveConnection>> byServer = new ConcurrentHashMap<>();
  private final Set<LiveConnection> connections = ConcurrentHashMap.newKeySet();
  private final Counter delivered;
  private final Counter dropped;

  public LiveHub(MeterRegistry registry) {
    Gauge.builder("pvepanel.gateway.ws.connections", connections, Set::size)
        .description("open /ws sockets on this instance")
        .register(registry);
    this.delivered = Counter.builder("pvepanel.gateway.ws.frames.delivered").register(registry);
    this.dropped =
        Counter.builder("pvepanel.gateway.ws.slow.consumers.dropped")
            .description("sockets closed because their send buffer overflowed")
            .register(registry);
  }

  void opened(LiveConnection c) {
    connections.add(c);
  }

  void closed(LiveConnection c, Set<String> servers) {
    connections.remove(c);
    servers.forEach(s -> unsubscribe(s, c));
  }

  void subscribe(String serverId, LiveConnection c) {
    byServer.computeIfAbsent(serverId, k -> ConcurrentHashMap.newKeySet()).add(c);
  }

  void unsubscribe(String serverId, LiveConnection c) {
    byServer.computeIfPresent(
        serverId,
        (k, set) -> {
          set.remove(c);
          return set.isEmpty() ? null : set;
        });
  }

  void countDropped() {
    dropped.increment();
  }

  /** Offers one serialised frame to every socket of this instance watching {@code serverId}. */
  public void publish(String serverId, String frame) {
    if (serverId == null) {
      return;
    }
    Set<LiveConnection> watchers = byServer.get(serverId);
    if (watchers == null) {
      return;
    }
    for (LiveConnection c : watchers) {
      if (c.deliver(frame)) {
        delivered.increment();
      }
    }
  }

  /** Open sockets on this instance. */
  public int connectionCount() {
    return connections.size();
  }

  /** Sockets of this instance watching {@code serverId}. */
  public int watcherCount(String serverId) {
    Set<LiveConnection> watchers = byServer.get(serverId);
    return watchers == null ? 0 : watchers.size();
  }
}
