package io.pvepanel.collector.history;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * History from the collector's own tables, bucketed in SQL: raw samples for the last hour, 1-minute
 * rollups beyond. A bucket's average is the mean of the minutes' averages (minutes hold near-equal
 * sample counts), its max the max of the minutes' maxima.
 */
@Component
class LocalHistory {

  private final DatabaseClient db;

  LocalHistory(DatabaseClient db) {
    this.db = db;
  }

  Mono<List<HistoryView.Point>> raw(String serverId, long from, long to, long bucket) {
    return query(
        "SELECT (ts DIV :b) * :b AS t, AVG(cpu), MAX(cpu), AVG(mem), MAX(mem), AVG(disk),"
            + " MAX(disk), AVG(net_in), MAX(net_in), AVG(net_out), MAX(net_out) FROM metric_raw"
            + " WHERE server_id = :id AND ts >= :from AND ts < :to GROUP BY t ORDER BY t",
        serverId,
        from,
        to,
        bucket);
  }

  Mono<List<HistoryView.Point>> rollups(String serverId, long from, long to, long bucket) {
    return query(
        "SELECT (ts DIV :b) * :b AS t, AVG(cpu_avg), MAX(cpu_max), AVG(mem_avg), MAX(mem_max),"
            + " AVG(disk_avg), MAX(disk_max), AVG(net_in_avg), MAX(net_in_max), AVG(net_out_avg),"
            + " MAX(net_out_max) FROM metric_rollup WHERE server_id = :id AND ts >= :from"
            + " AND ts < :to GROUP BY t ORDER BY t",
        serverId,
        from,
        to,
        bucket);
  }

  private Mono<List<HistoryView.Point>> query(
      String sql, String serverId, long from, long to, long bucket) {
    return db.sql(sql)
        .bind("b", bucket)
        .bind("id", serverId)
        .bind("from", from)
        .bind("to", to)
        .map(LocalHistory::point)
        .all()
        .collectList();
  }

  private static HistoryView.Point point(Readable row) {
    return new HistoryView.Point(
        Instant.ofEpochSecond(number(row, 0).longValue()),
        dbl(row, 1),
        dbl(row, 2),
        dbl(row, 3),
        dbl(row, 4),
        dbl(row, 5),
        dbl(row, 6),
        dbl(row, 7),
        dbl(row, 8),
        dbl(row, 9),
        dbl(row, 10));
  }

  private static Number number(Readable row, int i) {
    return (Number) row.get(i);
  }

  private static Double dbl(Readable row, int i) {
    Object v = row.get(i);
    return v == null ? null : ((Number) v).doubleValue();
  }
}
