package io.pvepanel.collector.history;

import io.pvepanel.collector.CollectorProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the history tables' partitions: creates {@code partitions-ahead} future ones and drops
 * expired ones whole, so retention costs the same at 100k servers as at ten. Raw samples are
 * partitioned hourly, rollups daily. Safe to run from several instances: a DDL that loses a race
 * fails, is logged, and the next run sees the result.
 */
@Component
public class PartitionMaintenance {

  private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

  private final DatabaseClient db;
  private final Clock clock;
  private final List<PartitionPlanner> planners;

  PartitionMaintenance(DatabaseClient db, CollectorProperties props, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.planners =
        List.of(
            new PartitionPlanner(
                "metric_raw", Duration.ofHours(1), props.rawRetention(), props.partitionsAhead()),
            new PartitionPlanner(
                "metric_rollup",
                Duration.ofDays(1),
                props.rollupRetention(),
                props.partitionsAhead()));
  }

  /** One maintenance pass over both tables; never fails (errors are logged). */
  public Mono<Void> run() {
    return Flux.fromIterable(planners).concatMap(this::maintain).then();
  }

  private Mono<Void> maintain(PartitionPlanner planner) {
    return partitions(planner.table())
        .map(existing -> planner.statements(planner.plan(existing, clock.instant())))
        .flatMapMany(Flux::fromIterable)
        .concatMap(
            sql -> {
              log.info("Partition maintenance: {}", sql);
              return db.sql(sql).then();
            })
        .then()
        .onErrorResume(
            e -> {
              log.warn("Partition maintenance of {} failed: {}", planner.table(), e.toString());
              return Mono.empty();
            });
  }

  Mono<List<PartitionPlanner.Partition>> partitions(String table) {
    return db.sql(
            "SELECT PARTITION_NAME, PARTITION_DESCRIPTION FROM information_schema.PARTITIONS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :table"
                + " AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_ORDINAL_POSITION")
        .bind("table", table)
        .map(
            (row, meta) -> {
              String description = row.get(1, String.class);
              Long bound =
                  description == null || description.equalsIgnoreCase("MAXVALUE")
                      ? null
                      : Long.valueOf(description.trim());
              return new PartitionPlanner.Partition(row.get(0, String.class), bound);
            })
        .all()
        .collectList();
  }
}
