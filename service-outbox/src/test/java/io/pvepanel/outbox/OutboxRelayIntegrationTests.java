package io.pvepanel.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The relay on MariaDB with a broker that is down, then back: nothing lost, nothing doubled. */
class OutboxRelayIntegrationTests {

  static TestDatabase database;
  static ConnectionFactory connections;
  static DatabaseClient db;
  static final Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  static void database() throws Exception {
    database = TestDatabase.create("outbox");
    OutboxSchema.migrate(
        new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
    connections =
        ConnectionFactories.get(
            ConnectionFactoryOptions.parse(database.r2dbcUrl())
                .mutate()
                .option(ConnectionFactoryOptions.USER, database.username())
                .option(ConnectionFactoryOptions.PASSWORD, database.password())
                .build());
    db = DatabaseClient.create(connections);
  }

  @AfterAll
  static void drop() {
    database.close();
  }

  static AlertEvent event(String server) {
    return new AlertEvent(
        UUID.randomUUID(),
        AlertEvent.FIRING,
        1,
        clock.instant(),
        server,
        "1",
        null,
        null,
        "a",
        "1",
        "cpu",
        "cpu",
        ">",
        90,
        95.0,
        clock.instant(),
        null);
  }

  private static long count(String where) {
    return db.sql("SELECT COUNT(*) FROM outbox WHERE " + where)
        .map(row -> ((Number) row.get(0)).longValue())
        .one()
        .block(Duration.ofSeconds(10));
  }

  @Test
  @SuppressWarnings("unchecked")
  void retriesWhileKafkaIsDownAndMarksRowsSentOnlyAfterTheAck() {
    KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
    when(kafka.send(any(ProducerRecord.class)))
        .thenReturn(CompletableFuture.failedFuture(new KafkaException("broker down")))
        .thenReturn(CompletableFuture.failedFuture(new KafkaException("broker down")))
        .thenReturn(CompletableFuture.completedFuture(null));
    OutboxProperties properties =
        new OutboxProperties(
            Duration.ofMillis(100), 100, Duration.ofSeconds(5), Duration.ofDays(7));
    Outbox outbox = new Outbox(db, clock);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OutboxRelay relay =
        new OutboxRelay(
            db,
            kafka,
            TransactionalOperator.create(new R2dbcTransactionManager(connections)),
            properties,
            clock,
            meters);

    AlertEvent first = event("srv-a");
    AlertEvent second = event("srv-b");
    outbox.append(Topics.ALERT_EVENTS, first).block(Duration.ofSeconds(10));
    outbox.append(Topics.ALERT_EVENTS, first).block(Duration.ofSeconds(10)); // same event: ignored
    outbox.append(Topics.ALERT_EVENTS, second).block(Duration.ofSeconds(10));
    assertThat(count("sent_at IS NULL")).isEqualTo(2);

    assertThat(relay.relayOnce().block(Duration.ofSeconds(10))).isZero();
    assertThat(relay.relayOnce().block(Duration.ofSeconds(10))).isZero();
    assertThat(count("sent_at IS NULL")).as("nothing marked while Kafka is down").isEqualTo(2);
    assertThat(meters.get("pvepanel.outbox.pending").gauge().value()).isEqualTo(2);

    assertThat(relay.relayOnce().block(Duration.ofSeconds(10))).isEqualTo(2);
    assertThat(count("sent_at IS NULL")).isZero();
    assertThat(meters.get("pvepanel.outbox.pending").gauge().value()).isZero();
    assertThat(relay.relayOnce().block(Duration.ofSeconds(10))).as("sent once only").isZero();
    // two failed attempts at the first row, then one send of each row
    verify(kafka, times(4)).send(any(ProducerRecord.class));
  }
}
