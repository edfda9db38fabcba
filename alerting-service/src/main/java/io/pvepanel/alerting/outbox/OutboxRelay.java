package io.pvepanel.alerting.outbox;

import io.pvepanel.alerting.AlertingProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Relays unsent outbox rows to Kafka in id order. Rows are claimed with {@code SELECT ... FOR
 * UPDATE SKIP LOCKED} (so several instances share the work without sending a row twice), sent one
 * after another, and marked sent only after the broker acknowledged them ({@code acks=all}). When
 * Kafka is down the send fails within the producer's bounds, nothing is marked, and the next poll
 * tries again: events are delayed, never lost. A crash between ack and mark sends the row again
 * (same event id; consumers are idempotent on it).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private record Row(long id, String topic, String key, String payload) {}

  private final DatabaseClient db;
  private final KafkaTemplate<String, String> kafka;
  private final TransactionalOperator tx;
  private final AlertingProperties.Outbox config;
  private final Clock clock;
  private volatile Disposable loop;

  OutboxRelay(
      DatabaseClient db,
      KafkaTemplate<String, String> kafka,
      ReactiveTransactionManager txManager,
      AlertingProperties properties,
      Clock clock) {
    this.db = db;
    this.kafka = kafka;
    this.tx = TransactionalOperator.create(txManager);
    this.config = properties.outbox();
    this.clock = clock;
  }

  /** Relays one batch; emits how many rows were sent. */
  public Mono<Integer> relayOnce() {
    Mono<Integer> batch =
        db.sql(
                "SELECT id, topic, message_key, payload FROM outbox WHERE sent_at IS NULL"
                    + " ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED")
            .bind("n", config.batchSize())
            .map(
                row ->
                    new Row(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("payload", String.class)))
            .all()
            .concatMap(row -> send(row).thenReturn(row.id()))
            .onErrorResume(
                e -> {
                  log.warn(
                      "Outbox relay could not send (will retry): {}",
                      NestedExceptionUtils.getMostSpecificCause(e).toString());
                  return Flux.empty();
                })
            .collectList()
            .flatMap(this::markSent);
    return tx.transactional(batch);
  }

  private Mono<Void> send(Row row) {
    return Mono.fromFuture(
            () -> kafka.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())))
        .timeout(config.sendTimeout())
        .then();
  }

  private Mono<Integer> markSent(List<Long> ids) {
    if (ids.isEmpty()) {
      return Mono.just(0);
    }
    return db.sql("UPDATE outbox SET sent_at = :now WHERE id IN (:ids)")
        .bind("now", clock.millis())
        .bind("ids", ids)
        .then()
        .thenReturn(ids.size());
  }

  private Mono<Void> purge() {
    return db.sql("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < :before LIMIT 1000")
        .bind("before", clock.millis() - config.retention().toMillis())
        .then();
  }

  @Override
  public void start() {
    Duration interval = config.pollInterval();
    loop =
        Flux.interval(interval, interval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    relayOnce()
                        .expand(sent -> sent >= config.batchSize() ? relayOnce() : Mono.empty())
                        .then(tick % 1000 == 0 ? purge() : Mono.empty())
                        .onErrorResume(
                            e -> {
                              log.warn(
                                  "Outbox relay failed (will retry): {}",
                                  NestedExceptionUtils.getMostSpecificCause(e).toString());
                              return Mono.empty();
                            }),
                1)
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
}
