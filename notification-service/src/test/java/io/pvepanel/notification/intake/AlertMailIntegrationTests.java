package io.pvepanel.notification.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestMailServer;
import io.pvepanel.testsupport.TestTokens;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole path on real infrastructure: an event on embedded KRaft Kafka → a pending delivery in
 * MariaDB → the worker → GreenMail over SMTP.
 */
@SpringBootTest(
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "notification.delivery.poll-interval=200ms"
    })
@EmbeddedKafka(
    partitions = 1,
    topics = {Topics.ALERT_EVENTS, Topics.SERVER_EVENTS, "alert.events-dlt"},
    brokerProperties = {"group.initial.rebalance.delay.ms=0"})
@DirtiesContext
class AlertMailIntegrationTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("notif_kafka");
  @RegisterExtension static GreenMailExtension smtp = TestMailServer.smtp();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    TestMailServer.registerSpringProperties(smtp, registry);
  }

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void firingAlertArrivesAsTextAndHtmlMail() throws Exception {
    String to = "alice@example.test";
    AlertEvent event = alert(UUID.randomUUID(), "7", to, "web-1 & <prod>", AlertEvent.FIRING);
    publish(Topics.ALERT_EVENTS, "101", EventJson.write(event));

    MimeMessage mail = awaitOneMailTo(to);
    assertThat(mail.getSubject()).isEqualTo("[pvepanel] Alert on web-1 & <prod>: CPU 95 %");
    assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(to);
    assertThat(mail.getFrom()[0].toString()).contains("noreply@pvepanel.local");
    Map<String, String> parts = MailParts.of(mail);
    assertThat(parts.get("text"))
        .contains("web-1 & <prod>")
        .contains("CPU high")
        .contains("Value:     95 %")
        .contains("Threshold: > 90 %");
    assertThat(parts.get("html"))
        .contains("web-1 &amp; &lt;prod&gt;")
        .doesNotContain("<prod>")
        .contains("<strong>95 %</strong>")
        .contains("&gt; 90 %");
  }

  @Test
  void redeliveredEventSendsOneMail() throws Exception {
    String to = "bob@example.test";
    AlertEvent event = alert(UUID.randomUUID(), "8", to, "db-1", AlertEvent.RESOLVED);
    String json = EventJson.write(event);
    publish(Topics.ALERT_EVENTS, "102", json);
    publish(Topics.ALERT_EVENTS, "102", json);

    MimeMessage mail = awaitOneMailTo(to);
    assertThat(mail.getSubject()).isEqualTo("[pvepanel] Resolved on db-1: CPU high");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> mailsTo(to).size() == 1);
  }

  @Test
  void passwordChangeIsMailedAndOtherServerEventsAreNot() throws Exception {
    String to = "carol@example.test";
    Instant now = Instant.now();
    ServerEvent succeeded =
        new ServerEvent(
            UUID.randomUUID(),
            ServerEvent.OPERATION_SUCCEEDED,
            1,
            now,
            "103",
            "9",
            to,
            "mail-1",
            "running",
            new ServerEvent.Operation("op-1", "start", "succeeded", null, now, now));
    ServerEvent changed =
        new ServerEvent(
            UUID.randomUUID(),
            ServerEvent.PASSWORD_CHANGED,
            1,
            now,
            "103",
            "9",
            to,
            "mail-1",
            "running",
            null);
    publish(Topics.SERVER_EVENTS, "103", EventJson.write(succeeded));
    publish(Topics.SERVER_EVENTS, "103", EventJson.write(changed));

    MimeMessage mail = awaitOneMailTo(to);
    assertThat(mail.getSubject()).isEqualTo("[pvepanel] The root password of mail-1 was changed");
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(5))
        .until(() -> mailsTo(to).size() == 1);
  }

  @Test
  void malformedRecordGoesToTheDeadLetterTopicAndThePartitionCarriesOn() throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> dlt = new KafkaConsumer<>(props)) {
      dlt.subscribe(List.of(Topics.deadLetter(Topics.ALERT_EVENTS)));
      publish(Topics.ALERT_EVENTS, "104", "{not json");
      String to = "dave@example.test";
      publish(
          Topics.ALERT_EVENTS,
          "104",
          EventJson.write(alert(UUID.randomUUID(), "10", to, "app-1", AlertEvent.FIRING)));

      ConsumerRecord<String, String> dead =
          KafkaTestUtils.getSingleRecord(
              dlt, Topics.deadLetter(Topics.ALERT_EVENTS), Duration.ofSeconds(20));
      assertThat(dead.value()).isEqualTo("{not json");
      assertThat(dead.key()).isEqualTo("104");
      assertThat(dead.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
      awaitOneMailTo(to);
    }
  }

  private void publish(String topic, String key, String value) throws Exception {
    kafka.send(topic, key, value).get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private MimeMessage awaitOneMailTo(String to) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(to).isEmpty());
    return mailsTo(to).get(0);
  }

  private static List<MimeMessage> mailsTo(String to) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to);
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  static AlertEvent alert(UUID id, String ownerId, String email, String server, String type) {
    Instant now = Instant.now();
    return new AlertEvent(
        id,
        type,
        AlertEvent.VERSION,
        now,
        "101",
        ownerId,
        email,
        server,
        "alert-1",
        "rule-1",
        "CPU high",
        "cpu",
        ">",
        90,
        95.0,
        now.minusSeconds(60),
        AlertEvent.RESOLVED.equals(type) ? now : null);
  }
}
