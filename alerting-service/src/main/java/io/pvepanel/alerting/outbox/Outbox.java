package io.pvepanel.alerting.outbox;

import io.pvepanel.events.Event;
import io.pvepanel.events.EventJson;
import java.time.Clock;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes events to the {@code outbox} table; call it inside the transaction of the state change the
 * event announces. An event id already in the table is ignored, so a retried transaction never
 * doubles an event.
 */
@Component
public class Outbox {

  private final DatabaseClient db;
  private final Clock clock;

  Outbox(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Queues {@code event} for {@code topic}, keyed by its server id. */
  public Mono<Void> add(String topic, Event event) {
    return db.sql(
            "INSERT IGNORE INTO outbox (event_id, topic, message_key, payload, created_at)"
                + " VALUES (:id, :topic, :key, :payload, :now)")
        .bind("id", event.eventId().toString())
        .bind("topic", topic)
        .bind("key", event.serverId())
        .bind("payload", EventJson.write(event))
        .bind("now", clock.millis())
        .then();
  }
}
