package io.pvepanel.control.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.outbox.OutboxProperties;
import io.pvepanel.outbox.OutboxRelay;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.runtime.loop.PeriodicLoop;
import io.pvepanel.testsupport.TestDatabase;
import io.pvepanel.testsupport.TestProxmox;
import io.pvepanel.testsupport.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.test.StepVerifier;

/**
 * The service's own Kafka address is dead here, as in an outage: events wait in the outbox, and
 * reach the (embedded) broker once a relay can talk to it, each once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@EmbeddedKafka(partitions = 1, topics = Topics.SERVER_EVENTS)
class OutboxRelayIntegrationTests {

  static final TestDatabase DATABASE = TestDatabase.shared("control_outbox");
  static final ProxmoxSimulator PROXMOX = TestProxmox.start(Duration.ZERO);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    DATABASE.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    TestProxmox.registerSpringProperties(PROXMOX, registry);
    registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:1");
    registry.add("spring.kafka.producer.properties.max.block.ms", () -> "500");
  }

  @Autowired Outbox outbox;
  @Autowired OutboxRelay deadRelay;
  @Autowired PeriodicLoop outboxRelayLoop;
  @Autowired DatabaseClient db;
  @Autowired OutboxProperties properties;
  @Autowired ReactiveTransactionManager transactions;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired MeterRegistry meters;
  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;

  @Test
  void anOperationDuringAKafkaOutagePublishesEachOfItsEventsOnceKafkaIsBack() {
    String owner = "17";
    String id = TestServers.insert(servers, owner, 102, "pve2", "stopped");
    String operationId =
        (String)
            http.post()
                .uri("/api/server/{id}/start?wait=true", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");

    OutboxRelay relay = takeOverFromDeadRelay();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              relay.relayOnce().block(Duration.ofSeconds(30));
              return unsentFor(id) == 0;
            });

    List<ServerEvent> received = consume(e -> id.equals(e.serverId()), 4);
    assertThat(received)
        .extracting(ServerEvent::type)
        .containsExactlyInAnyOrder(
            ServerEvent.OPERATION_QUEUED,
            ServerEvent.OPERATION_RUNNING,
            ServerEvent.STATUS_CHANGED,
            ServerEvent.OPERATION_SUCCEEDED);
    assertThat(received)
        .filteredOn(e -> e.operation() != null)
        .allSatisfy(e -> assertThat(e.operation().id()).isEqualTo(operationId));
  }

  /**
   * Stops the service's own relay: its rounds hold their rows locked while a send waits out the
   * dead address (most of each poll interval), and the live relay skips locked rows. Rows an
   * interrupted round still holds are released by its rollback, so the caller retries.
   */
  private OutboxRelay takeOverFromDeadRelay() {
    outboxRelayLoop.stop();
    return liveRelay();
  }

  @AfterEach
  void restartDeadRelay() {
    if (!outboxRelayLoop.isRunning()) {
      outboxRelayLoop.start();
    }
  }

  private OutboxRelay liveRelay() {
    KafkaTemplate<String, String> live =
        new KafkaTemplate<>(
            new DefaultKafkaProducerFactory<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    return new OutboxRelay(
        db,
        live,
        TransactionalOperator.create(transactions),
        properties,
        Clock.systemUTC(),
        new SimpleMeterRegistry());
  }

  @Test
  void eventsWaitWhileKafkaIsDownAndArriveOnceWhenItIsBack() {
    UUID eventId = UUID.randomUUID();
    ServerEvent event =
        new ServerEvent(
            eventId,
            ServerEvent.STATUS_CHANGED,
            ServerEvent.VERSION,
            Instant.now(),
            "srv-" + eventId,
            "7",
            "seven@example.test",
            "web01",
            "stopped",
            null);
    StepVerifier.create(outbox.append(Topics.SERVER_EVENTS, event))
        .expectComplete()
        .verify(Duration.ofSeconds(10));

    // Kafka unreachable: the round publishes nothing and marks nothing.
    StepVerifier.create(deadRelay.relayOnce())
        .expectNext(0)
        .expectComplete()
        .verify(Duration.ofSeconds(30));
    assertThat(unsent(eventId)).isEqualTo(1);

    assertThat(meters.get("pvepanel.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(1);

    OutboxRelay relay = takeOverFromDeadRelay();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              relay.relayOnce().block(Duration.ofSeconds(30));
              return unsent(eventId) == 0;
            });

    List<ServerEvent> received = consume(e -> e.eventId().equals(eventId), 1);
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).isEqualTo(event);
  }

  private long unsentFor(String serverId) {
    return db.sql("SELECT COUNT(*) AS n FROM outbox WHERE message_key = :key AND sent_at IS NULL")
        .bind("key", serverId)
        .map(r -> r.get("n", Long.class))
        .one()
        .block(Duration.ofSeconds(10));
  }

  private long unsent(UUID eventId) {
    return db.sql("SELECT COUNT(*) AS n FROM outbox WHERE event_id = :id AND sent_at IS NULL")
        .bind("id", eventId.toString())
        .map(r -> r.get("n", Long.class))
        .one()
        .block(Duration.ofSeconds(10));
  }

  private List<ServerEvent> consume(
      java.util.function.Predicate<ServerEvent> wanted, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.getBrokersAsString(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "t-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(Topics.SERVER_EVENTS));
      List<ServerEvent> matching = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      // Poll until the deadline so a duplicate would also be seen.
      while (System.nanoTime() < deadline && matching.size() < expected) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
          ServerEvent e = EventJson.read(r.value(), ServerEvent.class);
          if (wanted.test(e)) {
            matching.add(e);
          }
        }
      }
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
        ServerEvent e = EventJson.read(r.value(), ServerEvent.class);
        if (wanted.test(e)) {
          matching.add(e);
        }
      }
      return matching;
    }
  }
}
