package io.pvepanel.alerting.rule;

import io.pvepanel.alerting.evaluation.Metric;
import io.pvepanel.alerting.evaluation.Operator;
import io.pvepanel.alerting.evaluation.Scope;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code alert_rule} over R2DBC. */
@Repository
class RuleRepository {

  private static final String COLUMNS =
      "id, name, metric, operator, threshold, for_seconds, repeat_seconds, send_resolved, enabled,"
          + " mute_until, scope, owner_id, server_id, created_by, created_at, updated_at";

  private final DatabaseClient db;

  RuleRepository(DatabaseClient db) {
    this.db = db;
  }

  Flux<RuleRecord> findEnabled() {
    return db.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE enabled = TRUE")
        .map(RuleRepository::map)
        .all();
  }

  /** All rules (admins) or the global rules plus those owned by {@code ownerId}. */
  Flux<RuleRecord> findVisible(String ownerId, boolean all) {
    if (all) {
      return db.sql("SELECT " + COLUMNS + " FROM alert_rule ORDER BY id")
          .map(RuleRepository::map)
          .all();
    }
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM alert_rule WHERE scope = 'global' OR owner_id = :o ORDER BY id")
        .bind("o", ownerId)
        .map(RuleRepository::map)
        .all();
  }

  /** How many rules belong to {@code ownerId} (user and server scope). */
  Mono<Long> countOwnedBy(String ownerId) {
    return db.sql("SELECT COUNT(*) AS n FROM alert_rule WHERE owner_id = :o")
        .bind("o", ownerId)
        .map(row -> row.get("n", Long.class))
        .one();
  }

  Mono<RuleRecord> findById(long id) {
    return db.sql("SELECT " + COLUMNS + " FROM alert_rule WHERE id = :id")
        .bind("id", id)
        .map(RuleRepository::map)
        .one();
  }

  Mono<RuleRecord> insert(RuleRecord r) {
    return bindSettings(
            db.sql(
                    "INSERT INTO alert_rule (name, metric, operator, threshold, for_seconds, repeat_seconds,"
                        + " send_resolved, enabled, mute_until, scope, owner_id, server_id, created_by,"
                        + " created_at, updated_at) VALUES (:name, :metric, :operator, :threshold, :for,"
                        + " :repeat, :sendResolved, :enabled, :muteUntil, :scope, :ownerId, :serverId,"
                        + " :createdBy, :createdAt, :updatedAt)")
                .filter((statement, next) -> next.execute(statement.returnGeneratedValues("id"))),
            r)
        .bind("createdBy", Parameter.fromOrEmpty(r.createdBy(), String.class))
        .bind("createdAt", r.createdAt().toEpochMilli())
        .bind("updatedAt", r.updatedAt().toEpochMilli())
        .map(row -> row.get(0, Long.class))
        .one()
        .map(r::withId);
  }

  Mono<Void> update(RuleRecord r) {
    return bindSettings(
            db.sql(
                    "UPDATE alert_rule SET name = :name, metric = :metric, operator = :operator,"
                        + " threshold = :threshold, for_seconds = :for, repeat_seconds = :repeat,"
                        + " send_resolved = :sendResolved, enabled = :enabled, mute_until = :muteUntil,"
                        + " scope = :scope, owner_id = :ownerId, server_id = :serverId,"
                        + " updated_at = :updatedAt WHERE id = :id")
                .bind("id", r.id()),
            r)
        .bind("updatedAt", r.updatedAt().toEpochMilli())
        .then();
  }

  Mono<Void> delete(long id) {
    return db.sql("DELETE FROM alert_rule WHERE id = :id").bind("id", id).then();
  }

  /**
   * Forgets the evaluation state of a rule and closes its open alerts (without announcing), used
   * when a rule is disabled, changed in what it watches, or deleted.
   */
  Mono<Void> resetEvaluation(long id, Instant now) {
    return db.sql("DELETE FROM rule_state WHERE rule_id = :id")
        .bind("id", id)
        .then()
        .then(
            db.sql(
                    "UPDATE alert SET state = 'closed', ends_at = :t, updated_at = :t"
                        + " WHERE rule_id = :id AND state = 'firing'")
                .bind("id", id)
                .bind("t", now.toEpochMilli())
                .then());
  }

  /** The rule's settings, as both insert and update write them. */
  private static DatabaseClient.GenericExecuteSpec bindSettings(
      DatabaseClient.GenericExecuteSpec spec, RuleRecord r) {
    return spec.bind("name", r.name())
        .bind("metric", r.metric().wireName())
        .bind("operator", r.operator().symbol())
        .bind("threshold", r.threshold())
        .bind("for", r.forSeconds())
        .bind("repeat", r.repeatSeconds())
        .bind("sendResolved", r.sendResolved())
        .bind("enabled", r.enabled())
        .bind("muteUntil", millis(r.muteUntil()))
        .bind("scope", r.scope().wireName())
        .bind("ownerId", Parameter.fromOrEmpty(r.ownerId(), String.class))
        .bind("serverId", Parameter.fromOrEmpty(r.serverId(), String.class));
  }

  private static Parameter millis(Instant instant) {
    return Parameter.fromOrEmpty(instant == null ? null : instant.toEpochMilli(), Long.class);
  }

  private static RuleRecord map(Readable row) {
    Long mute = row.get("mute_until", Long.class);
    return new RuleRecord(
        row.get("id", Long.class),
        row.get("name", String.class),
        Metric.fromWire(row.get("metric", String.class)),
        Operator.fromSymbol(row.get("operator", String.class)),
        row.get("threshold", Double.class),
        row.get("for_seconds", Integer.class),
        row.get("repeat_seconds", Integer.class),
        Boolean.TRUE.equals(row.get("send_resolved", Boolean.class)),
        Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
        mute == null ? null : Instant.ofEpochMilli(mute),
        Scope.fromWire(row.get("scope", String.class)),
        row.get("owner_id", String.class),
        row.get("server_id", String.class),
        row.get("created_by", String.class),
        Instant.ofEpochMilli(row.get("created_at", Long.class)),
        Instant.ofEpochMilli(row.get("updated_at", Long.class)));
  }
}
