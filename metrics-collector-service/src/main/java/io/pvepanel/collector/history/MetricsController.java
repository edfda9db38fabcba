package io.pvepanel.collector.history;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.collector.inventory.ServerAccess;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/server/{id}/metrics?range=}: 1 h from raw samples, up to the rollup retention
 * from rollups, beyond it from Proxmox RRD.
 */
@RestController
class MetricsController {

  private final ServerAccess access;
  private final LocalHistory local;
  private final RrdHistory rrd;
  private final CollectorProperties props;
  private final Clock clock;

  MetricsController(
      ServerAccess access,
      LocalHistory local,
      RrdHistory rrd,
      CollectorProperties props,
      Clock clock) {
    this.access = access;
    this.local = local;
    this.rrd = rrd;
    this.props = props;
    this.clock = clock;
  }

  @GetMapping("/api/server/{id}/metrics")
  Mono<HistoryView> metrics(
      @PathVariable String id, @RequestParam(name = "range", required = false) String range) {
    // validated first: a 400 for everyone reveals nothing about which ids exist
    MetricsRange r = MetricsRange.parse(range);
    return access.visible(id).flatMap(server -> history(server, r));
  }

  private Mono<HistoryView> history(InventoryEntry server, MetricsRange range) {
    long to = clock.instant().getEpochSecond() + 1;
    long start = to - range.length.toSeconds();
    if (range.length.compareTo(props.rollupRetention()) > 0) {
      // Proxmox's RRD: the bucket follows the resolution of the answer itself
      return rrd.history(server, range, start, to, props.maxPoints())
          .map(
              b ->
                  new HistoryView(
                      server.serverId(),
                      range.param,
                      "proxmox",
                      b.bucket(),
                      Instant.ofEpochSecond(b.from()),
                      Instant.ofEpochSecond(to),
                      b.points()));
    }
    boolean raw = range.length.compareTo(props.rawRetention()) <= 0;
    long resolution = raw ? Math.max(1, props.cycle().toSeconds()) : 60;
    long bucket = range.bucketSeconds(resolution, props.maxPoints());
    // first bucket boundary inside the range: at most max-points buckets up to now
    long from = start + Math.floorMod(-start, bucket);
    Mono<List<HistoryView.Point>> points =
        raw
            ? local.raw(server.serverId(), from, to, bucket)
            : local.rollups(server.serverId(), from, to, bucket);
    return points.map(
        p ->
            new HistoryView(
                server.serverId(),
                range.param,
                "local",
                bucket,
                Instant.ofEpochSecond(from),
                Instant.ofEpochSecond(to),
                p));
  }
}
