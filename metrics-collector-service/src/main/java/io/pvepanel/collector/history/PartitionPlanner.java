package io.pvepanel.collector.history;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which time partitions of one table to create and drop; pure, so it is tested with fixed
 * instants. Tables are {@code PARTITION BY RANGE (ts)} over epoch seconds with a trailing {@code
 * pmax VALUES LESS THAN MAXVALUE}, so an insert never fails for lack of a partition: new partitions
 * are split off {@code pmax} (cheap while it is empty), expired ones dropped whole (no DELETE).
 *
 * @param table the table
 * @param granularity partition width (epoch-aligned: whole UTC hours or days)
 * @param retention how long rows must stay; a partition is dropped once all its rows are older
 * @param ahead partitions kept ready beyond the current one
 */
record PartitionPlanner(String table, Duration granularity, Duration retention, int ahead) {

  static final String MAX = "pmax";
  private static final DateTimeFormatter DAILY =
      DateTimeFormatter.ofPattern("'p'yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOURLY =
      DateTimeFormatter.ofPattern("'p'yyyyMMddHH").withZone(ZoneOffset.UTC);

  /** An existing partition; {@code lessThan} null for {@code MAXVALUE}. */
  record Partition(String name, Long lessThan) {}

  /** What to do; empty lists when the table is as it should be. */
  record Plan(List<Partition> add, List<String> drop) {

    boolean isEmpty() {
      return add.isEmpty() && drop.isEmpty();
    }
  }

  Plan plan(List<Partition> existing, Instant now) {
    long g = granularity.toSeconds();
    long nowS = now.getEpochSecond();
    long currentStart = nowS - Math.floorMod(nowS, g);
    long maxFinite = Long.MIN_VALUE;
    for (Partition p : existing) {
      if (p.lessThan() != null) {
        maxFinite = Math.max(maxFinite, p.lessThan());
      }
    }
    List<Partition> add = new ArrayList<>();
    for (int k = 1; k <= ahead + 1; k++) {
      long bound = currentStart + k * g;
      if (bound > maxFinite) {
        add.add(new Partition(name(bound - g), bound));
      }
    }
    long cutoff = nowS - retention.toSeconds();
    List<String> drop = new ArrayList<>();
    for (Partition p : existing) {
      // every row in it is older than the cutoff
      if (p.lessThan() != null && p.lessThan() <= cutoff) {
        drop.add(p.name());
      }
    }
    return new Plan(add, drop);
  }

  /** The DDL of a plan, in order (create first, so the table never lacks the current one). */
  List<String> statements(Plan plan) {
    List<String> sql = new ArrayList<>();
    if (!plan.add().isEmpty()) {
      StringBuilder s =
          new StringBuilder("ALTER TABLE ")
              .append(table)
              .append(" REORGANIZE PARTITION ")
              .append(MAX)
              .append(" INTO (");
      for (Partition p : plan.add()) {
        s.append("PARTITION ")
            .append(p.name())
            .append(" VALUES LESS THAN (")
            .append(p.lessThan())
            .append("), ");
      }
      s.append("PARTITION ").append(MAX).append(" VALUES LESS THAN MAXVALUE)");
      sql.add(s.toString());
    }
    if (!plan.drop().isEmpty()) {
      sql.add("ALTER TABLE " + table + " DROP PARTITION " + String.join(", ", plan.drop()));
    }
    return sql;
  }

  private String name(long startEpoch) {
    Instant start = Instant.ofEpochSecond(startEpoch);
    return (granularity.toSeconds() % 86_400 == 0 ? DAILY : HOURLY).format(start);
  }
}
