package io.pvepanel.alerting.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestKafkaBroker;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The servers published before alerting first started are known to it, with their owners'
 * addresses: in a fresh local run, control records the demo servers before alerting's consumer
 * group exists, and an alert whose owner has no address mails no one ("No address for owner 1").
 * The service's own offset settings apply here (no test override).
 */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=alerting-fresh")
@DirtiesContext
class InventoryBeforeStartIntegrationTests {

  /** Started before the application context, so records can precede its consumers. */
  static final TestKafkaBroker KAFKA =
      TestKafkaBroker.start(Topics.SERVER_METRICS, Topics.ALERT_EVENTS, Topics.SERVER_INVENTORY);

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("alerting_inv");

  static final String SERVER = UUID.randomUUID().toString();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
  }

  @AfterAll
  static void stopKafka() {
    KAFKA.close();
  }

  /** Published before the application context (and its consumers) exists. */
  @BeforeAll
  static void publishedBeforeStart() throws Exception {
    Map<String, Object> p = KafkaTestUtils.producerProps(KAFKA.broker());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      ServerInventoryRecord inventory =
          new ServerInventoryRecord(
              UUID.randomUUID(),
              ServerInventoryRecord.TYPE,
              ServerInventoryRecord.VERSION,
              Instant.now(),
              SERVER,
              "1",
              "user1@demo.test",
              "hot01",
              "local",
              "pve1",
              103,
              "lxc",
              false);
      producer
          .send(new ProducerRecord<>(Topics.SERVER_INVENTORY, SERVER, EventJson.write(inventory)))
          .get(10, TimeUnit.SECONDS);
    }
  }

  @Autowired ServerDirectory directory;

  @Test
  void aServerPublishedBeforeTheFirstStartIsKnownWithItsOwnersAddress() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(directory.find(SERVER).block(Duration.ofSeconds(5)))
                    .isNotNull()
                    .extracting(ServerDirectory.ServerInfo::ownerEmail)
                    .isEqualTo("user1@demo.test"));
  }
}
