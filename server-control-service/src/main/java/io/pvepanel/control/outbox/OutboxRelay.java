package io.pvepanel.control.outbox;

import static io.pvepanel.control.Times.toDb;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pvepanel.control.ControlProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes outbox rows to Kafka in insertion order and marks each row sent only after the broker
 * acknowledged it. While Kafka is unreachable a round stops at the first failure and the next round
 * starts again from the oldest unsent row, so nothing is lost and order per key holds. Delivery is
 * at least once (a crash between the ack and the mark re-sends a row); consumers are idempotent on
 * {@code eventId}.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DatabaseClient db;
  private final KafkaTemplate<String, String> kafka;
  private final ControlProperties properties;
  private final Clock clock;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicLong pending = new AtomicLong();
  private volatile Disposable loop;

  OutboxRelay(
      DatabaseClient db,
      KafkaTemplate<String, String> kafka,
      ControlProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.db = db;
    this.kafka = kafka;
    this.properties = properties;
    this.clock = clock;
    // Events not yet on Kafka: grows while Kafka is unreachable; the suite's alert rules watch it.
    Gauge.builder("pvepanel.outbox.pending", pending, AtomicLong::get)
        .description("Outbox events not yet published to Kafka")
        .register(meters);
  }

  @Override
  public void start() {
    loop =
        Flux.interval(properties.outboxPollInterval(), Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> relayOnce().onErrorResume(e -> logged(e)), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
    loop = null;
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }

  /** One round: publish pending rows oldest first; the number published. */
  public Mono<Integer> relayOnce() {
    if (!busy.compareAndSet(false, true)) {
      return Mono.just(0);
    }
    return pending()
        .concatMap(row -> publish(row).then(markSent(row.id())).thenReturn(1), 1)
        .reduce(0, Integer::sum)
        .flatMap(sent -> countPending().thenReturn(sent))
        .onErrorResume(e -> countPending().then(Mono.error(e)))
        .doFinally(signal -> busy.set(false));
  }

  private Flux<PendingRow> pending() {
    return db.sql(
            "SELECT id, topic, record_key, payload FROM outbox WHERE sent_at IS NULL"
                + " ORDER BY id LIMIT :limit")
        .bind("limit", properties.outboxBatchSize())
        .map(
            row ->
                new PendingRow(
                    row.get("id", Long.class),
                    row.get("topic", String.class),
                    row.get("record_key", String.class),
                    row.get("payload", String.class)))
        .all();
  }

  private Mono<Void> countPending() {
    return db.sql("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL")
        .map(r -> r.get("n", Long.class))
        .one()
        .doOnNext(pending::set)
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  private Mono<Void> publish(PendingRow row) {
    return Mono.defer(
            () ->
                Mono.fromFuture(
                    kafka.send(new ProducerRecord<>(row.topic(), row.key(), row.payload()))))
        .timeout(Duration.ofSeconds(30))
        .then();
  }

  private Mono<Void> markSent(long id) {
    return db.sql("UPDATE outbox SET sent_at = :at WHERE id = :id")
        .bind("at", toDb(clock.instant()))
        .bind("id", id)
        .then();
  }

  /** Drops rows published longer ago than the retention. */
  public Mono<Long> purgeSent() {
    return db.sql("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < :before")
        .bind("before", toDb(clock.instant().minus(properties.outboxRetention())))
        .fetch()
        .rowsUpdated();
  }

  private Mono<Integer> logged(Throwable e) {
    log.warn("Outbox relay round failed, retrying next round: {}", e.toString());
    return Mono.just(0);
  }

  private record PendingRow(long id, String topic, String key, String payload) {}
}
