package io.pvepanel.collector.collection;

import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.events.MetricSample;
import io.pvepanel.proxmox.client.ClusterResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns one cluster's {@code /cluster/resources} entries into one normalised {@link MetricSample}
 * per inventory server. Holds the previous network counters of each server, which the rates are
 * computed from. Thread-safe: clusters are mapped in parallel (a server belongs to one cluster).
 * Public for the benchmark.
 */
public final class SampleMapper {

  /** QEMU disk usage read from the guest agent, when there is a fresh one. */
  public interface AgentDisks {
    AgentDisk get(String serverId);

    AgentDisks NONE = id -> null;
  }

  /** Sums of a guest's filesystems as its agent reports them. */
  public record AgentDisk(long usedBytes, long totalBytes) {}

  /**
   * Last counters seen. {@code uptime} comes from the same pvestatd sample as the counters, so its
   * delta is the exact time between two samples; the wall clock is the fallback.
   */
  private record Counters(
      long netIn, long netOut, Long uptime, Instant at, Double inRate, Double outRate) {}

  private final Map<String, Counters> counters = new ConcurrentHashMap<>();

  /** Samples for every server of one cluster, in the order of {@code servers}. */
  public List<MetricSample> map(
      List<InventoryEntry> servers,
      List<ClusterResource> guests,
      Instant now,
      AgentDisks agentDisks) {
    Map<Integer, ClusterResource> byVmid = new HashMap<>(Math.max(16, guests.size() * 4 / 3 + 1));
    for (ClusterResource g : guests) {
      byVmid.put(g.vmid(), g);
    }
    List<MetricSample> out = new ArrayList<>(servers.size());
    for (InventoryEntry e : servers) {
      out.add(map(e, byVmid.get(e.vmid()), now, agentDisks.get(e.serverId())));
    }
    return out;
  }

  /** {@code no-data} for every server of a cluster that could not be read this cycle. */
  public List<MetricSample> noData(List<InventoryEntry> servers, Instant now) {
    List<MetricSample> out = new ArrayList<>(servers.size());
    for (InventoryEntry e : servers) {
      out.add(empty(e, now, MetricSample.DATA_NO_DATA, "unknown"));
    }
    return out;
  }

  /** Forgets the counters of servers no longer in the inventory. */
  public void retainOnly(Set<String> serverIds) {
    counters.keySet().retainAll(serverIds);
  }

  MetricSample map(InventoryEntry e, ClusterResource r, Instant now, AgentDisk agentDisk) {
    // a guest of the other type under the same vmid is not this server's guest (vmid reused)
    if (r == null || !e.guestType().equals(r.type())) {
      counters.remove(e.serverId());
      return empty(e, now, MetricSample.DATA_UNKNOWN, "unknown");
    }
    String status = status(r.status());
    if ("unknown".equals(status)) {
      counters.remove(e.serverId());
      return empty(e, now, MetricSample.DATA_UNKNOWN, "unknown");
    }
    boolean up = !"stopped".equals(status);
    Double cpu = r.cpu() == null ? null : clampPercent(r.cpu() * 100.0);
    Long memUsed = r.mem();
    Long memTotal = r.maxmem();
    Long diskUsed = null;
    Long diskTotal = r.maxdisk();
    if (up) {
      if (!e.isQemu()) {
        diskUsed = r.disk();
      } else if (e.diskFromAgent() && agentDisk != null) {
        diskUsed = agentDisk.usedBytes();
        diskTotal = agentDisk.totalBytes();
      }
      // QEMU without agent: Proxmox reports 0, which is not a usage
    }
    // a stopped LXC reports disk 0 too: unknowable, not empty
    Double[] rates = rates(e.serverId(), r, now);
    return new MetricSample(
        eventId(),
        MetricSample.TYPE,
        MetricSample.VERSION,
        now,
        e.serverId(),
        e.ownerId(),
        MetricSample.DATA_OK,
        status,
        cpu,
        memUsed,
        memTotal,
        percent(memUsed, memTotal),
        diskUsed,
        diskTotal,
        percent(diskUsed, diskTotal),
        rates[0],
        rates[1],
        r.uptime());
  }

  private Double[] rates(String serverId, ClusterResource r, Instant now) {
    Long in = r.netin();
    Long out = r.netout();
    if (in == null || out == null) {
      counters.remove(serverId);
      return new Double[2];
    }
    Long uptime = r.uptime();
    Counters prev = counters.get(serverId);
    Double inRate = null;
    Double outRate = null;
    Counters next = new Counters(in, out, uptime, now, null, null);
    if (prev != null) {
      boolean reset =
          in < prev.netIn()
              || out < prev.netOut()
              || (uptime != null && prev.uptime() != null && uptime < prev.uptime());
      if (!reset) {
        double elapsed =
            uptime != null && prev.uptime() != null && uptime > 0 && prev.uptime() > 0
                ? uptime - prev.uptime()
                : Duration.between(prev.at(), now).toMillis() / 1000.0;
        if (elapsed > 0) {
          inRate = (in - prev.netIn()) / elapsed;
          outRate = (out - prev.netOut()) / elapsed;
          next = new Counters(in, out, uptime, now, inRate, outRate);
        } else if (in == prev.netIn() && out == prev.netOut()) {
          // the same pvestatd sample read again: repeat its rate, keep the older base
          inRate = prev.inRate();
          outRate = prev.outRate();
          next = prev;
        }
      }
    }
    counters.put(serverId, next);
    return new Double[] {inRate, outRate};
  }

  private static MetricSample empty(InventoryEntry e, Instant now, String dataState, String st) {
    return new MetricSample(
        eventId(),
        MetricSample.TYPE,
        MetricSample.VERSION,
        now,
        e.serverId(),
        e.ownerId(),
        dataState,
        st,
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

  /**
   * LXC reports running/stopped; QEMU its QMP status. Every QMP state that is neither running nor
   * suspended (prelaunch, io-error, internal-error, postmigrate, ...) is a halted VM: paused.
   */
  static String status(String raw) {
    if (raw == null) {
      return "unknown";
    }
    return switch (raw) {
      case "running" -> "running";
      case "stopped" -> "stopped";
      case "suspended" -> "suspended";
      case "unknown" -> "unknown";
      default -> "paused";
    };
  }

  private static Double percent(Long used, Long total) {
    if (used == null || total == null || total <= 0) {
      return null;
    }
    return clampPercent(used * 100.0 / total);
  }

  private static double clampPercent(double p) {
    return Math.max(0.0, Math.min(100.0, p));
  }

  /**
   * A random (v4) id without SecureRandom's cost: 100k per cycle; it only needs to be unique for
   * consumers' de-duplication, not unguessable.
   */
  static UUID eventId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
