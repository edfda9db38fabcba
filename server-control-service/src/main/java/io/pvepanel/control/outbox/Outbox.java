package io.pvepanel.control.outbox;

import static io.pvepanel.control.Times.toDb;

import io.pvepanel.events.Event;
import io.pvepanel.events.EventJson;
import java.time.Clock;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Appends events to the {@code outbox} table. Call it inside the transaction that changes the state
 * the event describes: the event then exists if and only if the change does, and the {@link
 * OutboxRelay} publishes it whenever Kafka is reachable.
 */
@Component
public class Outbox {

  private final DatabaseClient db;
  private final Clock clock;

  Outbox(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Mono<Void> append(String topic, Event event) {
    return insert(event.eventId(), topic, event.serverId(), EventJson.write(event));
  }

  /** A tombstone for a compacted topic: the key's record is gone. */
  public Mono<Void> appendTombstone(String topic, String key) {
    return insert(UUID.randomUUID(), topic, key, null);
  }

  private Mono<Void> insert(UUID eventId, String topic, String key, String payload) {
    return db.sql(
            "INSERT INTO outbox (event_id, topic, record_key, payload, created_at)"
                + " VALUES (:eventId, :topic, :key, :payload, :at)")
        .bind("eventId", eventId.toString())
        .bind("topic", topic)
        .bind("key", key)
        .bind("payload", Parameter.fromOrEmpty(payload, String.class))
        .bind("at", toDb(clock.instant()))
        .then();
  }
}
