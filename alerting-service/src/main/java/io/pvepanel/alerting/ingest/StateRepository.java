package io.pvepanel.alerting.ingest;

import io.pvepanel.alerting.evaluation.Phase;
import io.pvepanel.alerting.evaluation.RuleState;
import io.r2dbc.spi.Readable;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** {@code rule_state}: the evaluation state of each (rule, server) pair that ever changed. */
@Repository
class StateRepository {

  private final DatabaseClient db;

  StateRepository(DatabaseClient db) {
    this.db = db;
  }

  /** The states of one server, by rule id. */
  Mono<Map<String, RuleState>> load(String serverId) {
    return db.sql(
            "SELECT server_id, rule_id, phase, active_since, alert_id, last_announced_at,"
                + " last_sample_at, last_event_id, last_value FROM rule_state WHERE server_id = :s")
        .bind("s", serverId)
        .map(StateRepository::map)
        .all()
        .collectMap(RuleState::ruleId, s -> s, HashMap::new);
  }

  Mono<Void> save(RuleState s) {
    return db.sql(
            "INSERT INTO rule_state (server_id, rule_id, phase, active_since, alert_id,"
                + " last_announced_at, last_sample_at, last_event_id, last_value) VALUES (:s, :r,"
                + " :phase, :since, :alert, :announced, :sampled, :event, :value) ON DUPLICATE KEY"
                + " UPDATE phase = VALUES(phase), active_since = VALUES(active_since), alert_id ="
                + " VALUES(alert_id), last_announced_at = VALUES(last_announced_at),"
                + " last_sample_at = VALUES(last_sample_at), last_event_id = VALUES(last_event_id),"
                + " last_value = VALUES(last_value)")
        .bind("s", s.serverId())
        .bind("r", Long.parseLong(s.ruleId()))
        .bind("phase", s.phase().name())
        .bind("since", s.activeSince())
        .bind("alert", Parameter.fromOrEmpty(s.alertId(), String.class))
        .bind("announced", s.lastAnnouncedAt())
        .bind("sampled", s.lastSampleAt())
        .bind(
            "event",
            Parameter.fromOrEmpty(
                s.lastEventId() == null ? null : s.lastEventId().toString(), String.class))
        .bind("value", Double.isNaN(s.lastValue()) ? 0.0 : s.lastValue())
        .then();
  }

  private static RuleState map(Readable row) {
    String event = row.get("last_event_id", String.class);
    return new RuleState(
        Long.toString(row.get("rule_id", Long.class)),
        row.get("server_id", String.class),
        Phase.valueOf(row.get("phase", String.class)),
        row.get("active_since", Long.class),
        row.get("alert_id", String.class),
        row.get("last_announced_at", Long.class),
        row.get("last_sample_at", Long.class),
        event == null ? null : UUID.fromString(event),
        row.get("last_value", Double.class));
  }
}
