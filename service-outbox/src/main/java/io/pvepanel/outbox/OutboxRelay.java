package io.pvepanel.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pvepanel.runtime.time.Times;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes outbox rows to Kafka in insertion order. A round claims the oldest unsent rows with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} (several instances share the work without sending a row
 * twice), sends them one after another and marks sent exactly those the broker acknowledged. While
 * Kafka is unreachable a send fails within the producer's bounds, the round stops there and the
 * next one starts again from the oldest unsent row: events are delayed, never lost, and order per
 * key holds. Delivery is at least once (a crash between ack and mark re-sends a row); consumers are
 * idempotent on {@code eventId}. The gauge {@code pvepanel.outbox.pending} counts what waits.
 * {@link #round()} runs every {@code poll-interval} as the auto-configured {@code outboxRelayLoop}.
 */
public class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  /** Published rows are purged every this many rounds, a bounded batch at a time. */
  private static final int PURGE_EVERY = 1_000;

  private final DatabaseClient db;
  private final KafkaTemplate<String, String> kafka;
  private final TransactionalOperator tx;
  private final OutboxProperties properties;
  private final Clock clock;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong rounds = new AtomicLong();

  public OutboxRelay(
      DatabaseClient db,
      KafkaTemplate<String, String> kafka,
      TransactionalOperator tx,
      OutboxProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.db = db;
    this.kafka = kafka;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
    Gauge.builder("pvepanel.outbox.pending", pending, AtomicLong::get)
        .description("Outbox events not yet published to Kafka")
        .register(meters);
  }

  /** One round: claims, publishes and marks; emits how many rows were published. */
  public Mono<Integer> relayOnce() {
    Mono<Integer> round =
        db.sql(
                "SELECT id, topic, message_key, payload FROM outbox WHERE sent_at IS NULL"
                    + " ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED")
            .bind("n", properties.batchSize())
            .map(
                row ->
                    new Row(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("payload", String.class)))
            .all()
            .concatMap(row -> send(row).thenReturn(row.id()), 1)
            .onErrorResume(
                e -> {
                  log.warn(
                      "Outbox relay could not publish, retrying next round: {}",
                      NestedExceptionUtils.getMostSpecificCause(e).toString());
                  return Flux.empty();
                })
            .collectList()
            .flatMap(this::markSent);
    return tx.transactional(round).flatMap(sent -> countPending().thenReturn(sent));
  }

  private Mono<Void> send(Row row) {
    // send() blocks while it waits for topic metadata (max.block.ms) when Kafka is away: keep that
    // off the event loop and the parallel scheduler.
    return Mono.fromFuture(
            () -> kafka.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(properties.sendTimeout())
        .then();
  }

  private Mono<Integer> markSent(List<Long> ids) {
    if (ids.isEmpty()) {
      return Mono.just(0);
    }
    return db.sql("UPDATE outbox SET sent_at = :now WHERE id IN (:ids)")
        .bind("now", Times.toDb(clock.instant()))
        .bind("ids", ids)
        .then()
        .thenReturn(ids.size());
  }

  private Mono<Void> countPending() {
    return db.sql("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL")
        .map(r -> r.get("n", Long.class))
        .one()
        .doOnNext(pending::set)
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  /** Drops a bounded batch of rows published longer ago than the retention. */
  public Mono<Long> purgeSent() {
    return db.sql("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < :before LIMIT 1000")
        .bind("before", Times.toDb(clock.instant().minus(properties.retention())))
        .fetch()
        .rowsUpdated();
  }

  /**
   * What the loop runs: rounds until one is not full, and every {@value #PURGE_EVERY} calls a purge
   * of old published rows.
   */
  public Mono<Void> round() {
    boolean purge = rounds.getAndIncrement() % PURGE_EVERY == 0;
    return relayOnce()
        .expand(sent -> sent >= properties.batchSize() ? relayOnce() : Mono.empty())
        .then(purge ? purgeSent().then() : Mono.empty());
  }

  private record Row(long id, String topic, String key, String payload) {}
}
