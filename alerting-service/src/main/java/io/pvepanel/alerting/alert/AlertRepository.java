package io.pvepanel.alerting.alert;

import io.pvepanel.alerting.evaluation.AlertRule;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The alert history ({@code alert}): one row per firing episode, state {@code firing}, {@code
 * resolved} or {@code closed} (its rule was deleted, disabled or changed while it fired).
 */
@Repository
public class AlertRepository {

  private final DatabaseClient db;

  AlertRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Opens an episode; a repeated call for the same alert id changes nothing. */
  public Mono<Void> opened(
      String alertId,
      AlertRule rule,
      String serverId,
      String ownerId,
      double value,
      Instant startsAt,
      Instant now) {
    return db.sql(
            "INSERT IGNORE INTO alert (id, rule_id, rule_name, server_id, owner_id, metric,"
                + " operator, threshold, value, state, starts_at, ends_at, updated_at) VALUES (:id,"
                + " :rule, :name, :server, :owner, :metric, :op, :threshold, :value, 'firing',"
                + " :starts, NULL, :now)")
        .bind("id", alertId)
        .bind("rule", Long.parseLong(rule.id()))
        .bind("name", rule.name() == null ? "" : rule.name())
        .bind("server", serverId)
        .bind("owner", Parameter.fromOrEmpty(ownerId, String.class))
        .bind("metric", rule.metric().wireName())
        .bind("op", rule.operator().symbol())
        .bind("threshold", rule.threshold())
        .bind("value", value)
        .bind("starts", startsAt.toEpochMilli())
        .bind("now", now.toEpochMilli())
        .then();
  }

  /** Records the latest value of a firing episode (on announcements). */
  public Mono<Void> observed(String alertId, double value, Instant now) {
    return db.sql(
            "UPDATE alert SET value = :value, updated_at = :now WHERE id = :id AND state ="
                + " 'firing'")
        .bind("id", alertId)
        .bind("value", value)
        .bind("now", now.toEpochMilli())
        .then();
  }

  /** Closes an episode as resolved. */
  public Mono<Void> resolved(String alertId, double value, Instant endsAt) {
    return db.sql(
            "UPDATE alert SET state = 'resolved', value = :value, ends_at = :ends, updated_at ="
                + " :ends WHERE id = :id AND state = 'firing'")
        .bind("id", alertId)
        .bind("value", value)
        .bind("ends", endsAt.toEpochMilli())
        .then();
  }

  Mono<Long> count(String ownerId, String serverId, String state) {
    Map<String, Object> binds = new LinkedHashMap<>();
    String where = where(ownerId, serverId, state, binds);
    DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT COUNT(*) FROM alert" + where);
    for (Map.Entry<String, Object> e : binds.entrySet()) {
      spec = spec.bind(e.getKey(), e.getValue());
    }
    return spec.map(row -> ((Number) row.get(0)).longValue()).one();
  }

  Flux<AlertView> page(String ownerId, String serverId, String state, int page, int size) {
    Map<String, Object> binds = new LinkedHashMap<>();
    String where = where(ownerId, serverId, state, binds);
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
            "SELECT id, rule_id, rule_name, server_id, owner_id, metric, operator, threshold,"
                + " value, state, starts_at, ends_at FROM alert"
                + where
                + " ORDER BY starts_at DESC, id LIMIT :limit OFFSET :offset");
    for (Map.Entry<String, Object> e : binds.entrySet()) {
      spec = spec.bind(e.getKey(), e.getValue());
    }
    return spec.bind("limit", size)
        .bind("offset", (long) page * size)
        .map(AlertRepository::map)
        .all();
  }

  private static String where(
      String ownerId, String serverId, String state, Map<String, Object> binds) {
    StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    if (ownerId != null) {
      sql.append(" AND owner_id = :owner");
      binds.put("owner", ownerId);
    }
    if (serverId != null) {
      sql.append(" AND server_id = :server");
      binds.put("server", serverId);
    }
    if (state != null) {
      sql.append(" AND state = :state");
      binds.put("state", state);
    }
    return sql.toString();
  }

  private static AlertView map(Readable row) {
    Long ends = row.get("ends_at", Long.class);
    return new AlertView(
        row.get("id", String.class),
        Long.toString(row.get("rule_id", Long.class)),
        row.get("rule_name", String.class),
        row.get("server_id", String.class),
        row.get("owner_id", String.class),
        row.get("metric", String.class),
        row.get("operator", String.class),
        row.get("threshold", Double.class),
        row.get("value", Double.class),
        row.get("state", String.class),
        Instant.ofEpochMilli(row.get("starts_at", Long.class)),
        ends == null ? null : Instant.ofEpochMilli(ends));
  }
}
