package io.pvepanel.collector;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The collector's settings ({@code pvepanel.collector.*}).
 *
 * @param cycle collection period: one {@code /cluster/resources} call per cluster per cycle.
 *     Default 10 s (pvestatd refreshes the figures every 10 s; polling faster only re-reads them).
 * @param clusterTimeout how long one cluster's poll may take before its servers get {@code no-data}
 *     samples; must be shorter than {@code cycle}. Default 8 s.
 * @param rollupRetention how long 1-minute rollups are kept. Default 7 days.
 * @param rawRetention how long raw per-cycle samples are kept (the 1 h graph). Default 1 h.
 * @param maxPoints most points a history answer holds. Default 360.
 * @param rrdCacheTtl how long a Proxmox RRD answer (ranges beyond the rollup retention) is reused
 *     per server and range. Default 5 min.
 * @param agentDiskRefresh how often QEMU disk usage is re-read from the guest agent (one call per
 *     such guest, so much rarer than the cycle). Default 5 min; a value older than twice this is
 *     dropped rather than shown.
 * @param agentConcurrency guest-agent calls in flight per cluster. Default 4.
 * @param maintenanceInterval how often partitions are created ahead and expired ones dropped.
 *     Default 15 min (must stay well under an hour: raw partitions are hourly).
 * @param partitionsAhead partitions created beyond the current one, per table. Default 3.
 * @param statusEventGrace how long a status announced on {@code server.events} overrides the
 *     sampled one (Proxmox's figures lag up to 10 s behind, plus one cycle). Default 20 s.
 * @param insertBatchRows rows per multi-row INSERT statement. Default 1000.
 * @param schedulingEnabled run cycles and maintenance on their own; tests turn it off and drive
 *     them. Default true.
 * @param leaseTtl how long the polling lease holds without renewal: several instances may run, one
 *     polls (renewing every cycle) and the others stand by and take over once it has not renewed
 *     for this long (at once when it stops cleanly). Must be longer than {@code cycle}. Default 30
 *     s.
 */
@Validated
@ConfigurationProperties("pvepanel.collector")
public record CollectorProperties(
    @NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration cycle,
    @NotNull @DurationMin(millis = 100) @DefaultValue("8s") Duration clusterTimeout,
    @NotNull @DurationMin(days = 1) @DefaultValue("7d") Duration rollupRetention,
    @NotNull @DurationMin(hours = 1) @DefaultValue("1h") Duration rawRetention,
    @Min(10) @Max(5000) @DefaultValue("360") int maxPoints,
    @NotNull @DefaultValue("5m") Duration rrdCacheTtl,
    @NotNull @DurationMin(seconds = 10) @DefaultValue("5m") Duration agentDiskRefresh,
    @Min(1) @Max(64) @DefaultValue("4") int agentConcurrency,
    @NotNull @DurationMin(seconds = 1) @DefaultValue("15m") Duration maintenanceInterval,
    @Min(1) @Max(48) @DefaultValue("3") int partitionsAhead,
    @NotNull @DefaultValue("20s") Duration statusEventGrace,
    @Min(1) @Max(10_000) @DefaultValue("1000") int insertBatchRows,
    @DefaultValue("true") boolean schedulingEnabled,
    @NotNull @DurationMin(seconds = 1) @DefaultValue("30s") Duration leaseTtl) {

  public CollectorProperties {
    if (cycle != null && clusterTimeout != null && clusterTimeout.compareTo(cycle) >= 0) {
      throw new IllegalArgumentException(
          "pvepanel.collector.cluster-timeout must be shorter than pvepanel.collector.cycle");
    }
    if (cycle != null && leaseTtl != null && leaseTtl.compareTo(cycle) <= 0) {
      throw new IllegalArgumentException(
          "pvepanel.collector.lease-ttl must be longer than pvepanel.collector.cycle");
    }
  }
}
