package io.pvepanel.collector.history;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/server/{id}/metrics}: at most {@code max-points} buckets, oldest first; a bucket
 * without data is left out (a gap, not a zero).
 *
 * @param source {@code local} (the collector's own history) or {@code proxmox} (RRD, for ranges
 *     beyond local retention)
 * @param bucketSeconds width of each bucket
 */
record HistoryView(
    String serverId,
    String range,
    String source,
    long bucketSeconds,
    Instant from,
    Instant to,
    List<Point> points) {

  /**
   * One bucket: average and maximum of cpu (% of allocated cores), memory and disk (%), net in and
   * out (bytes/s). Nulls where no value exists (e.g. QEMU disk without agent).
   */
  record Point(
      Instant time,
      Double cpuAvg,
      Double cpuMax,
      Double memoryAvg,
      Double memoryMax,
      Double diskAvg,
      Double diskMax,
      Double netInAvg,
      Double netInMax,
      Double netOutAvg,
      Double netOutMax) {}
}
