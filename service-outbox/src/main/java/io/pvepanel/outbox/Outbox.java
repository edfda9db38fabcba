package io.pvepanel.outbox;

import io.pvepanel.events.Event;
import io.pvepanel.events.EventJson;
import io.pvepanel.runtime.time.Times;
import java.time.Clock;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Mono;

/**
 * Appends events to the service's {@code outbox} table. Call it inside the transaction that makes
 * the change the event announces: the event then exists if and only if the change does, and the
 * {@link OutboxRelay} publishes it whenever Kafka is reachable. An event already in the table (same
 * id and topic) is ignored, so a retried transaction never doubles it.
 *
 * <p>The table is the outbox's own: {@code db/outbox/V1__outbox.sql}, applied by {@link
 * OutboxSchema}.
 */
public class Outbox {

  private final DatabaseClient db;
  private final Clock clock;

  public Outbox(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Queues {@code event} for {@code topic}, keyed by its server id. */
  public Mono<Void> append(String topic, Event event) {
    return insert(event.eventId(), topic, event.serverId(), EventJson.write(event));
  }

  /** Queues a tombstone for a compacted topic: the key's record is gone. */
  public Mono<Void> appendTombstone(String topic, String key) {
    return insert(UUID.randomUUID(), topic, key, null);
  }

  private Mono<Void> insert(UUID eventId, String topic, String key, String payload) {
    return db.sql(
            "INSERT IGNORE INTO outbox (event_id, topic, message_key, payload, created_at)"
                + " VALUES (:eventId, :topic, :key, :payload, :at)")
        .bind("eventId", eventId.toString())
        .bind("topic", topic)
        .bind("key", key)
        .bind("payload", Parameter.fromOrEmpty(payload, String.class))
        .bind("at", Times.toDb(clock.instant()))
        .then();
  }
}
