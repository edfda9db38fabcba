package io.pvepanel.collector.history;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.events.MetricSample;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores each cycle's samples: raw rows (for the last hour) and 1-minute rollups (average and max
 * per server and minute), both as multi-row INSERTs of {@code insert-batch-rows} rows, never a
 * statement per sample. Rollups are accumulated in memory over the minute and written when the
 * first cycle of the next minute arrives; a restart loses at most the minute in progress. Only
 * {@code ok} samples are stored: gaps in the graph stay gaps.
 */
@Component
public class HistoryRecorder {

  private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
  // the key column is ASCII (compact rows); anything else cannot be stored
  private static final Pattern STORABLE_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");
  static final int METRICS = 5;

  private final DatabaseClient db;
  private final int batchRows;
  private final Object lock = new Object();
  private Map<String, Rollup> minute = new HashMap<>();
  private long minuteStart = -1;

  HistoryRecorder(DatabaseClient db, CollectorProperties props) {
    this.db = db;
    this.batchRows = props.insertBatchRows();
  }

  /** One cycle's samples, taken at {@code at}. */
  public Mono<Void> record(Instant at, List<MetricSample> samples) {
    long ts = at.getEpochSecond();
    long thisMinute = ts - Math.floorMod(ts, 60);
    List<Object[]> raw = new ArrayList<>(samples.size());
    List<Object[]> rollups;
    synchronized (lock) {
      rollups = List.of();
      if (minuteStart != thisMinute) {
        if (minuteStart >= 0 && minuteStart < thisMinute) {
          rollups = rollupRows(minuteStart, minute);
        }
        minute = new HashMap<>(Math.max(16, minute.size() * 4 / 3 + 1));
        minuteStart = thisMinute;
      }
      for (MetricSample s : samples) {
        if (!s.hasData() || !STORABLE_ID.matcher(s.serverId()).matches()) {
          continue;
        }
        Float[] v = values(s);
        raw.add(new Object[] {s.serverId(), ts, v[0], v[1], v[2], v[3], v[4]});
        minute.computeIfAbsent(s.serverId(), id -> new Rollup()).add(v);
      }
    }
    return insert(
            "INSERT IGNORE INTO metric_raw (server_id, ts, cpu, mem, disk, net_in, net_out)", raw)
        .then(
            insert(
                "INSERT IGNORE INTO metric_rollup (server_id, ts, samples, cpu_avg, cpu_max,"
                    + " mem_avg, mem_max, disk_avg, disk_max, net_in_avg, net_in_max,"
                    + " net_out_avg, net_out_max)",
                rollups));
  }

  private static Float[] values(MetricSample s) {
    return new Float[] {
      f(s.cpuPercent()),
      f(s.memoryPercent()),
      f(s.diskPercent()),
      f(s.netInBytesPerSecond()),
      f(s.netOutBytesPerSecond())
    };
  }

  private static Float f(Double d) {
    return d == null ? null : d.floatValue();
  }

  private static List<Object[]> rollupRows(long minuteStart, Map<String, Rollup> minute) {
    List<Object[]> rows = new ArrayList<>(minute.size());
    minute.forEach(
        (id, r) -> {
          Object[] row = new Object[3 + 2 * METRICS];
          row[0] = id;
          row[1] = minuteStart;
          row[2] = Math.min(r.samples, 65_535);
          for (int m = 0; m < METRICS; m++) {
            row[3 + 2 * m] = r.count[m] == 0 ? null : (float) (r.sum[m] / r.count[m]);
            row[4 + 2 * m] = r.count[m] == 0 ? null : r.max[m];
          }
          rows.add(row);
        });
    return rows;
  }

  /** Multi-row INSERTs; the driver's Statement binds in place (no copy per parameter). */
  Mono<Void> insert(String head, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return Mono.empty();
    }
    int columns = rows.get(0).length;
    List<List<Object[]>> chunks = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += batchRows) {
      chunks.add(rows.subList(i, Math.min(rows.size(), i + batchRows)));
    }
    String one = "(" + "?,".repeat(columns - 1) + "?)";
    return Flux.fromIterable(chunks)
        .concatMap(
            chunk ->
                db.inConnection(
                    conn -> {
                      StringBuilder sql =
                          new StringBuilder(head.length() + chunk.size() * (one.length() + 1) + 8)
                              .append(head)
                              .append(" VALUES ");
                      for (int i = 0; i < chunk.size(); i++) {
                        sql.append(i == 0 ? "" : ",").append(one);
                      }
                      Statement st = conn.createStatement(sql.toString());
                      int p = 0;
                      for (Object[] row : chunk) {
                        for (Object v : row) {
                          if (v == null) {
                            st.bindNull(p++, Float.class);
                          } else {
                            st.bind(p++, v);
                          }
                        }
                      }
                      return Flux.from(st.execute())
                          .flatMap(result -> result.getRowsUpdated())
                          .then();
                    }))
        .doOnError(e -> log.warn("History insert failed: {}", e.toString()))
        .then();
  }

  private static final class Rollup {
    int samples;
    final double[] sum = new double[METRICS];
    final float[] max = new float[METRICS];
    final int[] count = new int[METRICS];

    void add(Float[] v) {
      samples++;
      for (int m = 0; m < METRICS; m++) {
        if (v[m] != null) {
          sum[m] += v[m];
          max[m] = count[m] == 0 ? v[m] : Math.max(max[m], v[m]);
          count[m]++;
        }
      }
    }
  }
}
