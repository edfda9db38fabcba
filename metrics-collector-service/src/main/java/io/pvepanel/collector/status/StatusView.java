package io.pvepanel.collector.status;

import io.pvepanel.events.MetricSample;
import java.time.Instant;

/**
 * {@code GET /api/server/{id}/status}: the latest sample. Usage figures are null unless {@code
 * dataState} is {@code ok}.
 *
 * @param sampledAt when the figures were collected (or the status announced); null before the first
 *     cycle
 */
record StatusView(
    String serverId,
    String dataState,
    String status,
    Double cpuPercent,
    Long memoryUsedBytes,
    Long memoryTotalBytes,
    Double memoryPercent,
    Long diskUsedBytes,
    Long diskTotalBytes,
    Double diskPercent,
    Double netInBytesPerSecond,
    Double netOutBytesPerSecond,
    Long uptimeSeconds,
    Instant sampledAt) {

  static StatusView of(String serverId, MetricSample s) {
    if (s == null) {
      return new StatusView(
          serverId,
          MetricSample.DATA_NO_DATA,
          "unknown",
          null,
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
    return new StatusView(
        serverId,
        s.dataState(),
        s.status(),
        s.cpuPercent(),
        s.memoryUsedBytes(),
        s.memoryTotalBytes(),
        s.memoryPercent(),
        s.diskUsedBytes(),
        s.diskTotalBytes(),
        s.diskPercent(),
        s.netInBytesPerSecond(),
        s.netOutBytesPerSecond(),
        s.uptimeSeconds(),
        s.occurredAt());
  }
}
