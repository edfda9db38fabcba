package io.pvepanel.collector.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.collector.history.PartitionPlanner.Partition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionPlannerTests {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T13:20:00Z"), ZoneOffset.UTC);
  static final PartitionPlanner DAILY =
      new PartitionPlanner("metric_rollup", Duration.ofDays(1), Duration.ofDays(7), 3);
  static final PartitionPlanner HOURLY =
      new PartitionPlanner("metric_raw", Duration.ofHours(1), Duration.ofHours(1), 3);

  static long epoch(String iso) {
    return Instant.parse(iso).getEpochSecond();
  }

  static final List<Partition> FRESH =
      List.of(new Partition("p0", 1L), new Partition("pmax", null));

  @Test
  void aFreshTableGetsTheCurrentAndThreeFuturePartitionsSplitOffPmax() {
    PartitionPlanner.Plan plan = DAILY.plan(FRESH, CLOCK.instant());
    assertThat(plan.add())
        .containsExactly(
            new Partition("p20260310", epoch("2026-03-11T00:00:00Z")),
            new Partition("p20260311", epoch("2026-03-12T00:00:00Z")),
            new Partition("p20260312", epoch("2026-03-13T00:00:00Z")),
            new Partition("p20260313", epoch("2026-03-14T00:00:00Z")));
    // the migration's placeholder below epoch 1 is expired at once
    assertThat(plan.drop()).containsExactly("p0");
    assertThat(DAILY.statements(plan))
        .containsExactly(
            "ALTER TABLE metric_rollup REORGANIZE PARTITION pmax INTO (PARTITION p20260310 VALUES"
                + " LESS THAN (1773187200), PARTITION p20260311 VALUES LESS THAN (1773273600),"
                + " PARTITION p20260312 VALUES LESS THAN (1773360000), PARTITION p20260313 VALUES"
                + " LESS THAN (1773446400), PARTITION pmax VALUES LESS THAN MAXVALUE)",
            "ALTER TABLE metric_rollup DROP PARTITION p0");
  }

  @Test
  void anUpToDateTableNeedsNothing() {
    List<Partition> existing = new ArrayList<>(DAILY.plan(FRESH, CLOCK.instant()).add());
    existing.add(new Partition("pmax", null));
    PartitionPlanner.Plan plan = DAILY.plan(existing, CLOCK.instant());
    assertThat(plan.isEmpty()).isTrue();
    assertThat(DAILY.statements(plan)).isEmpty();
  }

  @Test
  void partitionsWhollyOlderThanTheRetentionAreDroppedAndTheFutureTopsUp() {
    List<Partition> existing = new ArrayList<>();
    // daily partitions from 2026-03-01 to 2026-03-11 (exclusive bounds 03-02 .. 03-12)
    for (int d = 1; d <= 11; d++) {
      existing.add(
          new Partition(
              String.format("p202603%02d", d),
              epoch(String.format("2026-03-%02dT00:00:00Z", d + 1))));
    }
    existing.add(new Partition("pmax", null));
    PartitionPlanner.Plan plan = DAILY.plan(existing, CLOCK.instant());
    // cutoff 2026-03-03T13:20: partitions ending at or before it hold only older rows
    assertThat(plan.drop()).containsExactly("p20260301", "p20260302");
    // p20260303 still holds rows younger than 7 days; the two missing future days are added
    assertThat(plan.add()).extracting(Partition::name).containsExactly("p20260312", "p20260313");
    assertThat(DAILY.statements(plan))
        .last()
        .isEqualTo("ALTER TABLE metric_rollup DROP PARTITION p20260301, p20260302");
  }

  @Test
  void hourlyRawPartitionsKeepOnlyTheLastHour() {
    List<Partition> existing = new ArrayList<>();
    for (int h = 9; h <= 16; h++) {
      existing.add(
          new Partition(
              String.format("p20260310%02d", h),
              epoch(String.format("2026-03-10T%02d:00:00Z", h + 1))));
    }
    existing.add(new Partition("pmax", null));
    PartitionPlanner.Plan plan = HOURLY.plan(existing, CLOCK.instant());
    // now 13:20, cutoff 12:20: the 12:00 partition still holds rows of the last hour
    assertThat(plan.drop()).containsExactly("p2026031009", "p2026031010", "p2026031011");
    assertThat(plan.add()).isEmpty();
  }

  @Test
  void afterADowntimeTheFirstNewPartitionSpansTheGap() {
    List<Partition> existing =
        List.of(
            new Partition("p20260301", epoch("2026-03-02T00:00:00Z")), new Partition("pmax", null));
    PartitionPlanner.Plan plan = DAILY.plan(existing, CLOCK.instant());
    assertThat(plan.add())
        .first()
        .isEqualTo(new Partition("p20260310", epoch("2026-03-11T00:00:00Z")));
    assertThat(plan.drop()).containsExactly("p20260301");
  }
}
