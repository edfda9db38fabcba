package io.pvepanel.alerting.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole path on MariaDB and an in-process KRaft broker: samples on {@code server.metrics} →
 * evaluation → outbox → {@code alert.events}; bad records to the DLT; redeliveries.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.consumer.auto-offset-reset=earliest",
      "pvepanel.outbox.poll-interval=100ms",
      "pvepanel.kafka.consumer.retry-interval=100ms",
      "pvepanel.kafka.consumer.retry-attempts=1"
    })
@AutoConfigureWebTestClient
@DirtiesContext // closes the context (and its outbox relay) with the class
@EmbeddedKafka(
    partitions = 3,
    topics = {
      Topics.SERVER_METRICS,
      Topics.SERVER_METRICS + Topics.DEAD_LETTER_SUFFIX,
      Topics.ALERT_EVENTS,
      Topics.SERVER_INVENTORY
    },
    bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AlertFlowIntegrationTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("alerting_flow");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
  }

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @Autowired EmbeddedKafkaBroker broker;
  @Autowired WebTestClient http;
  @Autowired ServerDirectory directory;

  static KafkaProducer<String, String> producer;
  static KafkaConsumer<String, String> consumer;
  static final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  @BeforeAll
  static void clients(@Autowired EmbeddedKafkaBroker broker) {
    Map<String, Object> p = KafkaTestUtils.producerProps(broker);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer = new KafkaProducer<>(p);
    Map<String, Object> c = KafkaTestUtils.consumerProps(broker, "flow-test", false);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(c);
    consumer.subscribe(
        List.of(Topics.ALERT_EVENTS, Topics.SERVER_METRICS + Topics.DEAD_LETTER_SUFFIX));
  }

  @AfterAll
  static void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }

  private static void send(String key, String value) throws Exception {
    producer
        .send(new ProducerRecord<>(Topics.SERVER_METRICS, key, value))
        .get(10, TimeUnit.SECONDS);
  }

  private static String sample(String server, String owner, long seconds, double cpu) {
    return EventJson.write(
        new MetricSample(
            UUID.randomUUID(),
            MetricSample.TYPE,
            1,
            T0.plusSeconds(seconds),
            server,
            owner,
            MetricSample.DATA_OK,
            "running",
            cpu,
            100L,
            1000L,
            10.0,
            10L,
            100L,
            10.0,
            1.0,
            1.0,
            100L));
  }

  /** Polls on the test thread (the consumer is not thread-safe) and keeps what it saw. */
  private static List<ConsumerRecord<String, String>> records(String topic, String key) {
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    return seen.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).toList();
  }

  private static List<AlertEvent> alerts(String server) {
    return records(Topics.ALERT_EVENTS, server).stream()
        .map(r -> EventJson.read(r.value(), AlertEvent.class))
        .toList();
  }

  @Test
  void seededCpuDefaultFiresOnNinetyFivePercentThenResolves() throws Exception {
    String server = "srv-flow-1";
    send(server, sample(server, "41", 0, 95));
    send(server, sample(server, "41", 150, 96));
    send(server, sample(server, "41", 300, 95));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(alerts(server)).hasSize(1));
    AlertEvent firing = alerts(server).get(0);
    assertThat(firing.type()).isEqualTo(AlertEvent.FIRING);
    assertThat(firing.ruleId()).isEqualTo("1");
    assertThat(firing.metric()).isEqualTo("cpu");
    assertThat(firing.operator()).isEqualTo(">");
    assertThat(firing.threshold()).isEqualTo(90.0);
    assertThat(firing.value()).isEqualTo(95.0);
    assertThat(firing.ownerId()).isEqualTo("41");
    assertThat(firing.serverId()).isEqualTo(server);
    assertThat(firing.startsAt()).isEqualTo(T0);
    assertThat(firing.occurredAt()).isEqualTo(T0.plusSeconds(300));

    send(server, sample(server, "41", 310, 12));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(alerts(server)).hasSize(2));
    AlertEvent resolved = alerts(server).get(1);
    assertThat(resolved.type()).isEqualTo(AlertEvent.RESOLVED);
    assertThat(resolved.alertId()).isEqualTo(firing.alertId());
    assertThat(resolved.endsAt()).isEqualTo(T0.plusSeconds(310));

    // the history shows it to the owner, and not to another user
    http.get()
        .uri("/api/alerts?serverId=" + server)
        .headers(h -> h.setBearerAuth(TestTokens.user("41")))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(1)
        .jsonPath("$.items[0].id")
        .isEqualTo(firing.alertId())
        .jsonPath("$.items[0].state")
        .isEqualTo("resolved");
    http.get()
        .uri("/api/alerts?serverId=" + server)
        .headers(h -> h.setBearerAuth(TestTokens.user("42")))
        .exchange()
        .expectStatus()
        .isNotFound();
    http.get()
        .uri("/api/alerts")
        .headers(h -> h.setBearerAuth(TestTokens.user("42")))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(0);
    // every outbox row was marked sent after the broker's ack
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(unsentOutboxRows()).isZero());
  }

  @Test
  void redeliveredSamplesAnnounceNothingTwice() throws Exception {
    String server = "srv-flow-2";
    String first = sample(server, "43", 0, 99);
    String second = sample(server, "43", 300, 99);
    send(server, first);
    send(server, second);
    // redelivery of both (same eventIds, same times), then a cold sample to mark the end
    send(server, second);
    send(server, first);
    send(server, second);
    send(server, sample(server, "43", 320, 5));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(alerts(server))
                    .extracting(AlertEvent::type)
                    .containsExactly(AlertEvent.FIRING, AlertEvent.RESOLVED));
    // the same cold sample again resolves nothing twice
    send(server, sample(server, "43", 320, 5));
    send(server, sample(server, "43", 330, 5));
    String marker = "srv-flow-2b";
    send(marker, sample(marker, "43", 0, 99));
    send(marker, sample(marker, "43", 300, 99));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(alerts(marker)).hasSize(1));
    assertThat(alerts(server)).hasSize(2);
  }

  /**
   * A server the provider suspended (billing) has its guest stopped on purpose: its samples raise
   * nothing until the suspension ends, then rules apply again from the next samples.
   */
  @Test
  void aSuspendedServerRaisesNoAlertUntilItsSuspensionEnds() throws Exception {
    String server = "srv-flow-susp";
    sendInventory(server, "45", true);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Boolean.TRUE.equals(directory.suspended(server).block()));
    send(server, sample(server, "45", 0, 99));
    send(server, sample(server, "45", 300, 99));
    RecordMetadata last =
        producer
            .send(
                new ProducerRecord<>(Topics.SERVER_METRICS, server, sample(server, "45", 600, 99)))
            .get(10, TimeUnit.SECONDS);
    // the samples sent while suspended are processed (their offsets committed) before it ends
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      TopicPartition partition = new TopicPartition(last.topic(), last.partition());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                OffsetAndMetadata committed =
                    admin
                        .listConsumerGroupOffsets("alerting")
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS)
                        .get(partition);
                return committed != null && committed.offset() > last.offset();
              });
    }

    sendInventory(server, "45", false);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Boolean.FALSE.equals(directory.suspended(server).block()));
    send(server, sample(server, "45", 900, 99));
    send(server, sample(server, "45", 1200, 99));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(alerts(server)).hasSize(1));
    // the episode began after the suspension: the samples during it started nothing
    assertThat(alerts(server).get(0).startsAt()).isEqualTo(T0.plusSeconds(900));
  }

  private static void sendInventory(String server, String owner, boolean suspended)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.SERVER_INVENTORY,
                server,
                EventJson.write(
                    new ServerInventoryRecord(
                        UUID.randomUUID(),
                        ServerInventoryRecord.TYPE,
                        ServerInventoryRecord.VERSION,
                        T0,
                        server,
                        owner,
                        owner + "@example.test",
                        "susp01",
                        "local",
                        "pve1",
                        1001,
                        "lxc",
                        false,
                        suspended))))
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicAndLaterRecordsAreStillProcessed() throws Exception {
    String server = "srv-flow-3";
    String notJson = "{this is not json";
    String incomplete = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"server.sample\"}";
    send(server, notJson);
    send(server, incomplete);
    send(server, sample(server, "44", 0, 97));
    send(server, sample(server, "44", 300, 97));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(records(Topics.deadLetter(Topics.SERVER_METRICS), server))
                  .extracting(ConsumerRecord::value)
                  .containsExactly(notJson, incomplete);
              assertThat(alerts(server))
                  .extracting(AlertEvent::type)
                  .containsExactly(AlertEvent.FIRING);
            });
    ConsumerRecord<String, String> dead =
        records(Topics.deadLetter(Topics.SERVER_METRICS), server).get(0);
    assertThat(dead.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
    assertThat(dead.headers().lastHeader("kafka_dlt-original-topic").value())
        .asString()
        .isEqualTo(Topics.SERVER_METRICS);
  }

  private static long unsentOutboxRows() throws Exception {
    try (Connection c = db.database().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
