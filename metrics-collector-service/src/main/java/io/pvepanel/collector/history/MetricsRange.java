package io.pvepanel.collector.history;

import io.pvepanel.web.InvalidFieldException;
import java.time.Duration;

/** The graph ranges of {@code GET /api/server/{id}/metrics?range=}. */
enum MetricsRange {
  H1("1h", Duration.ofHours(1)),
  H6("6h", Duration.ofHours(6)),
  H24("24h", Duration.ofHours(24)),
  D7("7d", Duration.ofDays(7)),
  D30("30d", Duration.ofDays(30));

  final String param;
  final Duration length;

  MetricsRange(String param, Duration length) {
    this.param = param;
    this.length = length;
  }

  static MetricsRange parse(String value) {
    if (value == null || value.isBlank()) {
      return H1;
    }
    for (MetricsRange r : values()) {
      if (r.param.equals(value)) {
        return r;
      }
    }
    throw new InvalidFieldException("range", "range must be one of 1h, 6h, 24h, 7d, 30d");
  }

  /**
   * Bucket width: at least the source's resolution, wide enough for at most {@code maxPoints}
   * buckets, a whole multiple of the resolution.
   */
  long bucketSeconds(long resolutionSeconds, int maxPoints) {
    long needed = (length.toSeconds() + maxPoints - 1) / maxPoints;
    long multiples = Math.max(1, (needed + resolutionSeconds - 1) / resolutionSeconds);
    return multiples * resolutionSeconds;
  }
}
