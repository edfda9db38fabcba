package io.pvepanel.collector.status;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.events.MetricSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The latest sample of every server, in memory, for the status endpoint (no Proxmox call per
 * viewer). A status announced on {@code server.events} overrides the sampled one for {@code
 * status-event-grace}: Proxmox's figures lag up to one pvestatd period plus one cycle, so the first
 * samples after a stop may still say running.
 */
@Component
public class StatusStore {

  private record Announced(String status, Instant at) {}

  private final Map<String, MetricSample> latest = new ConcurrentHashMap<>();
  private final Map<String, Announced> announced = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration grace;

  StatusStore(CollectorProperties props, Clock clock) {
    this.clock = clock;
    this.grace = props.statusEventGrace();
  }

  /** Samples of a cycle, or read from the topic; a sample never replaces a newer one. */
  public void update(List<MetricSample> samples) {
    for (MetricSample s : samples) {
      latest.merge(
          s.serverId(),
          s,
          (held, offered) ->
              offered.occurredAt() != null
                      && held.occurredAt() != null
                      && offered.occurredAt().isBefore(held.occurredAt())
                  ? held
                  : offered);
    }
  }

  /** Drops servers that left the inventory, and announcements past their grace. */
  public void retainOnly(Set<String> serverIds) {
    latest.keySet().retainAll(serverIds);
    Instant expired = clock.instant().minus(grace);
    announced.values().removeIf(a -> a.at().isBefore(expired));
  }

  void announce(String serverId, String status) {
    announced.put(serverId, new Announced(status, clock.instant()));
  }

  void remove(String serverId) {
    latest.remove(serverId);
    announced.remove(serverId);
  }

  /** The latest sample with any fresher announced status applied; null if none exists yet. */
  MetricSample current(String serverId) {
    MetricSample s = latest.get(serverId);
    Announced a = announced.get(serverId);
    if (a == null || a.at().plus(grace).isBefore(clock.instant())) {
      return s;
    }
    if (s != null && s.status().equals(a.status())) {
      return s;
    }
    return withStatus(s, serverId, a);
  }

  private static MetricSample withStatus(MetricSample s, String serverId, Announced a) {
    if (s == null || !s.hasData()) {
      // the status is known, the usage is not
      return new MetricSample(
          s == null ? null : s.eventId(),
          MetricSample.TYPE,
          MetricSample.VERSION,
          a.at(),
          serverId,
          s == null ? null : s.ownerId(),
          s == null ? MetricSample.DATA_NO_DATA : s.dataState(),
          a.status(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    if ("stopped".equals(a.status())) {
      // a stopped guest uses no CPU or memory and has no uptime; disk is unknowable
      return new MetricSample(
          s.eventId(),
          s.type(),
          s.version(),
          a.at(),
          serverId,
          s.ownerId(),
          s.dataState(),
          "stopped",
          0.0,
          s.memoryTotalBytes() == null ? null : 0L,
          s.memoryTotalBytes(),
          s.memoryTotalBytes() == null ? null : 0.0,
          null,
          s.diskTotalBytes(),
          null,
          null,
          null,
          0L);
    }
    return new MetricSample(
        s.eventId(),
        s.type(),
        s.version(),
        s.occurredAt(),
        serverId,
        s.ownerId(),
        s.dataState(),
        a.status(),
        s.cpuPercent(),
        s.memoryUsedBytes(),
        s.memoryTotalBytes(),
        s.memoryPercent(),
        s.diskUsedBytes(),
        s.diskTotalBytes(),
        s.diskPercent(),
        s.netInBytesPerSecond(),
        s.netOutBytesPerSecond(),
        s.uptimeSeconds());
  }
}
