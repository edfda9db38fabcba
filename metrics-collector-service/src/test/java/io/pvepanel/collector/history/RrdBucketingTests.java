package io.pvepanel.collector.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.proxmox.client.RrdPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 30d graph's buckets follow the resolution of the RRD answer (pve-cluster src/PVE/RRD.pm:
 * month = 12 h steps on PVE 8, 30 min on PVE 9, the old file's points first after an upgrade).
 */
class RrdBucketingTests {
  private static final InventoryEntry CT =
      new InventoryEntry("s1", "u1", "c", "pve1", 101, "lxc", false);
  private static final long TO = 1_767_225_600L + 30 * 86_400L;
  private static final long START = TO - 30 * 86_400L;

  private static RrdPoint point(long t, Duration step, double cpu) {
    return new RrdPoint(
        Instant.ofEpochSecond(t),
        step,
        cpu,
        2.0,
        1e8,
        2e8,
        null,
        1e9,
        2e9,
        10.0,
        20.0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static List<RrdPoint> series(long from, long to, long step, double cpu) {
    List<RrdPoint> out = new ArrayList<>();
    for (long t = from; t < to; t += step) {
      out.add(point(t, Duration.ofSeconds(step), cpu));
    }
    return out;
  }

  @Test
  void pve9MonthKeepsTwoHourBuckets() {
    var b = RrdHistory.bucketed(series(START, TO, 1800, 10), CT, MetricsRange.D30, START, TO, 360);
    assertThat(b.bucket()).isEqualTo(7200);
    assertThat(b.points()).hasSizeBetween(359, 360);
  }

  @Test
  void pve8MonthHasNoEmptyBucketsBetweenItsTwelveHourPoints() {
    var b =
        RrdHistory.bucketed(series(START, TO, 43_200, 10), CT, MetricsRange.D30, START, TO, 360);
    assertThat(b.bucket()).isEqualTo(43_200);
    assertThat(b.points()).hasSizeBetween(59, 60);
  }

  @Test
  void aMixedAnswerAfterAnUpgradeUsesTheCoarserStep() {
    long switchAt = START + 20 * 86_400L;
    List<RrdPoint> mixed = new ArrayList<>(series(START, switchAt, 43_200, 10));
    mixed.addAll(series(switchAt, TO, 1800, 30));
    var b = RrdHistory.bucketed(mixed, CT, MetricsRange.D30, START, TO, 360);
    assertThat(b.bucket()).isEqualTo(43_200);
    assertThat(b.points().get(b.points().size() - 1).cpuAvg()).isEqualTo(30.0);
  }
}
