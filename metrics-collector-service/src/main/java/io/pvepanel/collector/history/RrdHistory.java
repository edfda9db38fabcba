package io.pvepanel.collector.history;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.proxmox.client.ConsolidationFunction;
import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.RrdPoint;
import io.pvepanel.proxmox.client.Timeframe;
import io.pvepanel.web.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Ranges beyond the local rollup retention come from Proxmox's RRD: one {@code rrddata} call
 * (timeframe {@code month}, AVERAGE) per server and range, reused for {@code rrd-cache-ttl}, so
 * viewers refreshing a graph cost Proxmox nothing more. The bucket max is the max of RRD's averages
 * (one call, not two; short peaks are already averaged away by Proxmox). The bucket width follows
 * the resolution the points themselves show (PVE 9: 30 min, PVE 8: 12 h, and both in one answer
 * after an upgrade; pve-cluster {@code PVE/RRD.pm}), the coarsest within the range, so a PVE 8
 * cluster's chart has no empty buckets between its points.
 */
@Component
class RrdHistory {

  // PVE 9's month resolution; used only when the answer has fewer than two points
  private static final long DEFAULT_RESOLUTION = 1800;
  // bounds the cache: entries are small, but ids come from requests
  private static final int MAX_ENTRIES = 50_000;

  private record Key(String serverId, MetricsRange range) {}

  private record Cached(Mono<List<RrdPoint>> points, Instant expires) {}

  private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final Clock clock;
  private final Duration ttl;

  RrdHistory(ObjectProvider<ProxmoxClusters> clusters, CollectorProperties props, Clock clock) {
    this.clusters = clusters;
    this.clock = clock;
    this.ttl = props.rrdCacheTtl();
  }

  /** Points of {@code [from, to)} in buckets of {@code bucket} seconds. */
  record Bucketed(long bucket, long from, List<HistoryView.Point> points) {}

  /**
   * The range {@code [start, to)} in at most {@code maxPoints} buckets, each a whole multiple of
   * the coarsest resolution Proxmox answered with inside the range.
   */
  Mono<Bucketed> history(
      InventoryEntry server, MetricsRange range, long start, long to, int maxPoints) {
    return points(server, range)
        .map(points -> bucketed(points, server, range, start, to, maxPoints));
  }

  static Bucketed bucketed(
      List<RrdPoint> points,
      InventoryEntry server,
      MetricsRange range,
      long start,
      long to,
      int maxPoints) {
    Duration step = RrdPoint.coarsestStep(points, Instant.ofEpochSecond(start));
    long resolution = step == null ? DEFAULT_RESOLUTION : step.toSeconds();
    long bucket = range.bucketSeconds(resolution, maxPoints);
    long from = start + Math.floorMod(-start, bucket);
    return new Bucketed(bucket, from, bucket(points, server, from, to, bucket));
  }

  private Mono<List<RrdPoint>> points(InventoryEntry server, MetricsRange range) {
    Instant now = clock.instant();
    Key key = new Key(server.serverId(), range);
    Cached c = cache.get(key);
    if (c != null && c.expires().isAfter(now)) {
      return c.points();
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.values().removeIf(v -> !v.expires().isAfter(now));
    }
    ProxmoxClusters registry = clusters.getIfAvailable();
    if (registry == null || !registry.names().contains(server.cluster())) {
      return Mono.error(
          new UnavailableException("no proxmox cluster named '" + server.cluster() + "'"));
    }
    // errors are not cached: the next request asks Proxmox again
    Mono<List<RrdPoint>> shared =
        registry
            .client(server.cluster())
            .rrddata(server.ref(), Timeframe.MONTH, ConsolidationFunction.AVERAGE)
            .cache(v -> ttl, e -> Duration.ZERO, () -> ttl);
    Cached fresh = new Cached(shared, now.plus(ttl));
    cache.put(key, fresh);
    return shared
        .doOnError(e -> cache.remove(key, fresh))
        .onErrorResume(RrdHistory::noRrdFileYet, e -> Mono.just(List.of()));
  }

  /**
   * A guest pvestatd has not written an RRD file for yet (created seconds ago): Proxmox answers 500
   * {@code RRD error: … No such file or directory} (pve-cluster RRD.pm). That is no history yet,
   * not a failure; it is not cached, so the history appears with the file.
   */
  static boolean noRrdFileYet(Throwable e) {
    return e instanceof ProxmoxApiException.ServerError se
        && se.pveMessage() != null
        && se.pveMessage().startsWith("RRD error:")
        && se.pveMessage().contains("No such file or directory");
  }

  private static List<HistoryView.Point> bucket(
      List<RrdPoint> points, InventoryEntry server, long from, long to, long bucket) {
    TreeMap<Long, double[][]> acc = new TreeMap<>();
    for (RrdPoint p : points) {
      long t = p.time().getEpochSecond();
      if (t < from || t >= to) {
        continue;
      }
      Double[] v = {
        p.cpuPercent(),
        percent(p.memBytes(), p.maxMemBytes()),
        server.isQemu() ? null : percent(p.diskBytes(), p.maxDiskBytes()),
        p.netInBytesPerSecond(),
        p.netOutBytesPerSecond()
      };
      // [metric][sum, max, count]
      double[][] a = acc.computeIfAbsent(t - Math.floorMod(t, bucket), k -> new double[5][3]);
      for (int m = 0; m < 5; m++) {
        if (v[m] != null) {
          a[m][0] += v[m];
          a[m][1] = a[m][2] == 0 ? v[m] : Math.max(a[m][1], v[m]);
          a[m][2]++;
        }
      }
    }
    List<HistoryView.Point> out = new ArrayList<>(acc.size());
    acc.forEach(
        (t, a) -> {
          boolean any = false;
          for (double[] m : a) {
            any |= m[2] > 0;
          }
          if (any) {
            out.add(
                new HistoryView.Point(
                    Instant.ofEpochSecond(t),
                    avg(a[0]),
                    max(a[0]),
                    avg(a[1]),
                    max(a[1]),
                    avg(a[2]),
                    max(a[2]),
                    avg(a[3]),
                    max(a[3]),
                    avg(a[4]),
                    max(a[4])));
          }
        });
    return out;
  }

  private static Double percent(Double used, Double total) {
    return used == null || total == null || total <= 0 ? null : used * 100.0 / total;
  }

  private static Double avg(double[] m) {
    return m[2] == 0 ? null : m[0] / m[2];
  }

  private static Double max(double[] m) {
    return m[2] == 0 ? null : m[1];
  }
}
