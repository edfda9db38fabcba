package io.pvepanel.gateway.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * This instance's sockets by watched server, by followed operation and by user. Every update
 * consumed from Kafka is serialised once and offered to each subscribed socket's bounded buffer; a
 * full buffer drops that socket, never the publisher. A user holds at most {@code
 * live.max-sockets-per-user} authenticated sockets here (per instance), and a server deleted or
 * handed to another owner loses the subscriptions of the users who may no longer see it.
 */
@Component
public class LiveHub {

  private final Map<String, Set<LiveConnection>> byServer = new ConcurrentHashMap<>();
  private final Map<String, Set<LiveConnection>> byOperation = new ConcurrentHashMap<>();
  private final Map<String, Set<LiveConnection>> byUser = new ConcurrentHashMap<>();
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

  void closed(LiveConnection c, String userId, Set<String> servers, Set<String> operations) {
    connections.remove(c);
    if (userId != null) {
      release(userId, c);
    }
    servers.forEach(s -> unsubscribe(s, c));
    operations.forEach(o -> unfollow(o, c));
  }

  /**
   * Counts {@code c} among the sockets of {@code userId}, unless the user holds {@code max}
   * already; returns whether it is (or already was) counted.
   */
  boolean authenticated(String userId, LiveConnection c, int max) {
    boolean[] counted = {false};
    byUser.compute(
        userId,
        (k, set) -> {
          Set<LiveConnection> sockets = set == null ? ConcurrentHashMap.newKeySet() : set;
          if (sockets.contains(c) || sockets.size() < max) {
            sockets.add(c);
            counted[0] = true;
          }
          return sockets.isEmpty() ? null : sockets;
        });
    return counted[0];
  }

  /** No longer counts {@code c} among the sockets of {@code userId}. */
  void release(String userId, LiveConnection c) {
    byUser.computeIfPresent(
        userId,
        (k, set) -> {
          set.remove(c);
          return set.isEmpty() ? null : set;
        });
  }

  /**
   * {@code serverId} now belongs to {@code ownerId} ({@code null}: it was deleted): every socket
   * watching it whose user may no longer see it (neither the owner nor support staff) loses that
   * subscription and is told so ({@code unsubscribed}, reason {@code access}).
   */
  void accessChanged(String serverId, String ownerId) {
    Set<LiveConnection> watchers = byServer.get(serverId);
    if (watchers == null) {
      return;
    }
    for (LiveConnection c : watchers) {
      c.accessChanged(serverId, ownerId);
    }
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

  /** Authenticated sockets of {@code userId} on this instance. */
  public int socketCount(String userId) {
    Set<LiveConnection> sockets = byUser.get(userId);
    return sockets == null ? 0 : sockets.size();
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
