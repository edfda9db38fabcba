package io.pvepanel.alerting.evaluation;

import io.pvepanel.events.MetricSample;

/** What a rule watches. The wire names are those of {@code AlertEvent.metric}. */
public enum Metric {
  CPU("cpu"),
  MEMORY("memory"),
  DISK("disk"),
  NET_IN("net_in"),
  NET_OUT("net_out"),
  STATUS_DOWN("status_down");

  private final String wireName;

  Metric(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Metric fromWire(String name) {
    for (Metric m : values()) {
      if (m.wireName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown metric: " + name);
  }

  /**
   * The value this metric reads from a sample, or {@link Double#NaN} when the sample carries no
   * usable value for it (no-data, unknown, or a null figure). For {@link #STATUS_DOWN}: 1 when the
   * guest is down (a real sample whose status is not {@code running}, or {@code dataState
   * unknown}), 0 when it runs, NaN on {@code no-data}.
   */
  public double read(MetricSample sample) {
    String dataState = sample.dataState();
    if (this == STATUS_DOWN) {
      if (MetricSample.DATA_OK.equals(dataState)) {
        return "running".equals(sample.status()) ? 0.0 : 1.0;
      }
      return MetricSample.DATA_UNKNOWN.equals(dataState) ? 1.0 : Double.NaN;
    }
    if (!MetricSample.DATA_OK.equals(dataState)) {
      return Double.NaN;
    }
    Double v =
        switch (this) {
          case CPU -> sample.cpuPercent();
          case MEMORY -> sample.memoryPercent();
          case DISK -> sample.diskPercent();
          case NET_IN -> sample.netInBytesPerSecond();
          case NET_OUT -> sample.netOutBytesPerSecond();
          case STATUS_DOWN -> null;
        };
    return v == null ? Double.NaN : v;
  }
}
