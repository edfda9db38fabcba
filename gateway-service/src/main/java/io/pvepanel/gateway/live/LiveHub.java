package io.pvepanel.gateway.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * This instance's sockets by watched server and by followed operation. Every update consumed from
 * Kafka is serialised once and offered to each subscribed socket's bounded buffer; a full buffer
 * drops that socket, never the publisher.
 */
@Component
public class LiveHub {

  private final Map<String, Set<LiveConnection>> byServer = new ConcurrentHashMap<>();
  private final Map<String, Set<LiveConnection>> byOperation = new ConcurrentHashMap<>();
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

  void closed(LiveConnection c, Set<String> servers, Set<String> operations) {
    connections.remove(c);
    servers.forEach(s -> unsubscribe(s, c));
    operations.forEach(o -> unfollow(o, c));
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

  void follow(String operationId, LiveConnection c) {
    byOperation.computeIfAbsent(operationId, k -> ConcurrentHashMap.newKeySet()).add(c);
  }

  void unfollow(String operationId, LiveConnection c) {
    byOperation.computeIfPresent(
        operationId,
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

  /**
   * Offers one serialised {@code operation:update} to the sockets watching {@code serverId} and to
   * those following {@code operationId} — once to a socket that does both. The one source of
   * operation updates on the live channel.
   */
  public void publishOperation(String serverId, String operationId, String state, String frame) {
    if (operationId == null) {
      publish(serverId, frame);
      return;
    }
    Set<LiveConnection> watchers = serverId == null ? null : byServer.get(serverId);
    Set<LiveConnection> followers = byOperation.get(operationId);
    if (watchers != null) {
      for (LiveConnection c : watchers) {
        if (c.operationUpdate(operationId, state, frame, true)) {
          delivered.increment();
        }
      }
    }
    if (followers != null) {
      for (LiveConnection c : followers) {
        if ((watchers == null || !watchers.contains(c))
            && c.operationUpdate(operationId, state, frame, false)) {
          delivered.increment();
        }
      }
    }
  }

  /** Open sockets on this instance. */
  public int connectionCount() {
    return connections.size();
  }

  /** Sockets of this instance following {@code operationId}. */
  public int followerCount(String operationId) {
    Set<LiveConnection> followers = byOperation.get(operationId);
    return followers == null ? 0 : followers.size();
  }

  /** Sockets of this instance watching {@code serverId}. */
  public int watcherCount(String serverId) {
    Set<LiveConnection> watchers = byServer.get(serverId);
    return watchers == null ? 0 : watchers.size();
  }
}
