package io.pvepanel.alerting.evaluation;

import io.pvepanel.events.MetricSample;
import java.time.Instant;
import java.util.UUID;

/** Builds samples at explicit times for timeline tests. */
final class Samples {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Samples() {}

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static MetricSample cpu(String serverId, String owner, long seconds, double cpu) {
    return ok(serverId, owner, seconds, "running", cpu);
  }

  static MetricSample ok(String serverId, String owner, long seconds, String status, double cpu) {
    return new MetricSample(
        UUID.randomUUID(),
        MetricSample.TYPE,
        1,
        at(seconds),
        serverId,
        owner,
        MetricSample.DATA_OK,
        status,
        cpu,
        1_000L,
        2_000L,
        50.0,
        10L,
        100L,
        10.0,
        100.0,
        200.0,
        60L);
  }

  static MetricSample noData(String serverId, String owner, long seconds, String dataState) {
    return new MetricSample(
        UUID.randomUUID(),
        MetricSample.TYPE,
        1,
        at(seconds),
        serverId,
        owner,
        dataState,
        MetricSample.DATA_UNKNOWN.equals(dataState) ? "unknown" : null,
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

  static AlertRule cpuRule(String id, long forSeconds, long repeatSeconds, boolean sendResolved) {
    return new AlertRule(
        id,
        "CPU above 90 %",
        Metric.CPU,
        Operator.GT,
        90,
        forSeconds * 1000,
        repeatSeconds * 1000,
        sendResolved,
        null,
        Scope.GLOBAL,
        null,
        null);
  }
}
