package io.pvepanel.gateway.live;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.control.ControlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Answers "may this user watch this server?" by asking the control service ({@code server.access})
 * and reusing the answer per (user, server) for {@code live.access-cache-ttl}. Concurrent asks for
 * the same key share one call; failures are not cached. A server deleted or handed to another owner
 * ({@link #revoke}) loses its entries at once, and {@link #revocations} lets an asker whose answer
 * may predate such a change ask again.
 */
@Component
public class AccessCache {

  private static final int SWEEP_ABOVE = 50_000;

  private record Key(String userId, String serverId) {}

  private record Entry(Instant expiresAt, Mono<Boolean> answer) {}

  private final ControlClient control;
  private final Clock clock;
  private final Duration ttl;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong revocations = new AtomicLong();

  public AccessCache(ControlClient control, Clock clock, GatewayProperties properties) {
    this.control = control;
    this.clock = clock;
    this.ttl = properties.live().accessCacheTtl();
  }

  public Mono<Boolean> mayWatch(String userId, String token, String serverId) {
    Instant now = clock.instant();
    Key key = new Key(userId, serverId);
    Entry cached = entries.get(key);
    if (cached != null && cached.expiresAt().isAfter(now)) {
      return cached.answer();
    }
    if (entries.size() > SWEEP_ABOVE) {
      entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
    }
    // Atomic, so the askers that find an entry expired together share one new call instead of
    // each asking the control service (a burst of them once timed out together).
    Entry entry =
        entries.compute(
            key,
            (k, current) ->
                current != null && current.expiresAt().isAfter(now)
                    ? current
                    : new Entry(now.plus(ttl), control.mayAccess(token, serverId).cache()));
    return entry.answer().doOnError(e -> entries.remove(key, entry));
  }

  /**
   * Forgets every answer about {@code serverId} (deleted, or a new owner), then counts a
   * revocation: an answer obtained by someone who read {@link #revocations} before this call may be
   * stale, one obtained after it is fresh.
   */
  void revoke(String serverId) {
    entries.keySet().removeIf(k -> k.serverId().equals(serverId));
    revocations.incrementAndGet();
  }

  /** How many revocations there have been: read before asking, compared after. */
  long revocations() {
    return revocations.get();
  }
}
