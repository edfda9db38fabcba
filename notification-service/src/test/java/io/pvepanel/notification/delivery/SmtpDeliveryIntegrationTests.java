package io.pvepanel.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.notification.delivery.ScriptedSmtpServer.Step;
import io.pvepanel.notification.intake.EventIntake;
import io.pvepanel.notification.template.Notifications;
import io.pvepanel.testsupport.MutableClock;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Delivery semantics against a scripted SMTP server: 4xx and dropped connections are retried, 5xx
 * are final, nothing is {@code sent} without a 250 after DATA, each recipient is its own delivery,
 * and an event stored twice sends once. Kafka stays off; deliveries are stored through {@link
 * EventIntake}, exactly as the listeners do.
 */
@SpringBootTest(
    properties = {
      "spring.kafka.listener.auto-startup=false",
      "notification.delivery.poll-interval=100ms",
      "notification.delivery.initial-backoff=100ms",
      "notification.delivery.backoff-multiplier=2",
      "notification.delivery.max-backoff=400ms",
      "notification.delivery.deadline=1h",
      "notification.mail.pool-size=4",
      "notification.mail.helo-name=localhost",
      // retries count against the recipient's budget; these tests are about SMTP replies
      "notification.delivery.recipient-limit.max-mails=1000"
    })
@DirtiesContext
class SmtpDeliveryIntegrationTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("notif_smtp");

  static final ScriptedSmtpServer smtp = start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    registry.add("notification.mail.host", () -> "127.0.0.1");
    registry.add("notification.mail.port", smtp::port);
  }

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock();
    }
  }

  @Autowired EventIntake intake;
  @Autowired Clock clock;

  @AfterAll
  static void stop() throws Exception {
    smtp.close();
  }

  @Test
  void transientRepliesAreRetriedUntilTheServerAccepts() throws Exception {
    String to = "retry@example.test";
    smtp.script(to, Step.RCPT_450, Step.DATA_451, Step.RCPT_421);
    UUID event = store(to);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(row(event).get("status")).isEqualTo("sent"));
    Map<String, Object> row = row(event);
    assertThat(row.get("attempts")).isEqualTo(4);
    assertThat(row.get("last_reply_code")).isEqualTo(250);
    assertThat(row.get("sent_at")).isNotNull();
    assertThat(smtp.rcptCount(to)).isEqualTo(4);
    assertThat(smtp.acceptedFor(to)).hasSize(1);
    assertThat(smtp.acceptedFor(to).get(0).data()).contains("web-1");
  }

  @Test
  void permanentRejectionIsRecordedNotRetriedAndDoesNotFailOtherRecipients() throws Exception {
    String bad = "nobody@example.test";
    String good = "somebody@example.test";
    smtp.script(bad, Step.RCPT_550);
    UUID badEvent = store(bad);
    UUID goodEvent = store(good);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(row(badEvent).get("status")).isEqualTo("failed");
              assertThat(row(goodEvent).get("status")).isEqualTo("sent");
            });
    Map<String, Object> row = row(badEvent);
    assertThat(row.get("attempts")).isEqualTo(1);
    assertThat(row.get("last_reply_code")).isEqualTo(550);
    assertThat((String) row.get("last_error")).isEqualTo("mail server refused the message (5xx)");
    assertThat(row.get("sent_at")).isNull();
    // several back-off periods later: still one attempt, never sent
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> smtp.rcptCount(bad) == 1 && "failed".equals(row(badEvent).get("status")));
    assertThat(smtp.acceptedFor(bad)).isEmpty();
    assertThat(smtp.acceptedFor(good)).hasSize(1);
  }

  @Test
  void rejectionAfterDataIsFinalAndNeverMarkedSent() throws Exception {
    String to = "rejected@example.test";
    smtp.script(to, Step.DATA_554);
    UUID event = store(to);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(row(event).get("status")).isEqualTo("failed"));
    assertThat(row(event).get("last_reply_code")).isEqualTo(554);
    assertThat(smtp.acceptedFor(to)).isEmpty();
  }

  @Test
  void connectionDroppedMidDataIsRetriedThenSent() throws Exception {
    String to = "dropped@example.test";
    smtp.script(to, Step.DROP_MID_DATA);
    UUID event = store(to);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(row(event).get("status")).isEqualTo("sent"));
    assertThat(row(event).get("attempts")).isEqualTo(2);
    assertThat(smtp.rcptCount(to)).isEqualTo(2);
    assertThat(smtp.acceptedFor(to)).hasSize(1);
  }

  @Test
  void rowIsNeverSentWhileTheServerRefuses() throws Exception {
    String to = "refused@example.test";
    smtp.script(to, Step.DATA_451, Step.DATA_451, Step.DATA_451);
    UUID event = store(to);

    await().atMost(Duration.ofSeconds(15)).until(() -> smtp.rcptCount(to) >= 2);
    Map<String, Object> pending = row(event);
    if (smtp.acceptedFor(to).isEmpty()) {
      assertThat(pending.get("status")).isEqualTo("pending");
      assertThat(pending.get("sent_at")).isNull();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(row(event).get("status")).isEqualTo("sent"));
    assertThat(row(event).get("attempts")).isEqualTo(4);
    assertThat(smtp.acceptedFor(to)).hasSize(1);
  }

  @Test
  void redeliveredEventSendsNothingTheSecondTime() throws Exception {
    String to = "twice@example.test";
    AlertEvent event = alert(UUID.randomUUID(), "owner-twice", to);
    assertThat(intake.accept(Notifications.of(event).orElseThrow()).block()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(row(event.eventId()).get("status")).isEqualTo("sent"));

    assertThat(intake.accept(Notifications.of(event).orElseThrow()).block()).isZero();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> smtp.acceptedFor(to).size() == 1);
    assertThat(rows(event.eventId())).isEqualTo(1);
  }

  @Test
  void transientFailuresExpireAtTheDeadline() throws Exception {
    String to = "never@example.test";
    Step[] always = new Step[50];
    java.util.Arrays.fill(always, Step.RCPT_451);
    smtp.script(to, always);
    UUID event = store(to);

    await().atMost(Duration.ofSeconds(15)).until(() -> smtp.rcptCount(to) >= 2);
    ((MutableClock) clock).advance(Duration.ofHours(2));

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(row(event).get("status")).isEqualTo("expired"));
    Map<String, Object> row = row(event);
    assertThat((String) row.get("last_error"))
        .isEqualTo("gave up at the deadline; last error: mail server deferred the message (4xx)");
    assertThat(row.get("last_reply_code")).isEqualTo(451);
    assertThat(smtp.acceptedFor(to)).isEmpty();
  }

  @Test
  void connectionsAreReused() throws Exception {
    int before = smtp.connections();
    List<UUID> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(store("reuse" + i + "@example.test"));
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              for (UUID e : events) {
                assertThat(row(e).get("status")).isEqualTo("sent");
              }
            });
    // 12 mails over at most pool-size (4) new connections, plus slack for a pooled connection a
    // previous test left broken
    assertThat(smtp.connections() - before).isLessThanOrEqualTo(6);
  }

  private UUID store(String to) {
    UUID id = UUID.randomUUID();
    Integer stored =
        intake.accept(Notifications.of(alert(id, "owner-" + id, to)).orElseThrow()).block();
    assertThat(stored).isEqualTo(1);
    return id;
  }

  static AlertEvent alert(UUID eventId, String ownerId, String email) {
    Instant now = Instant.now();
    return new AlertEvent(
        eventId,
        AlertEvent.FIRING,
        AlertEvent.VERSION,
        now,
        "101",
        ownerId,
        email,
        "web-1",
        "alert-1",
        "rule-1",
        "CPU high",
        "cpu",
        ">",
        90,
        95.0,
        now,
        null);
  }

  private static Map<String, Object> row(UUID eventId) throws Exception {
    try (Connection c = db.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, attempts, last_reply_code, last_error, sent_at FROM delivery WHERE"
                    + " event_id = ?")) {
      s.setString(1, eventId.toString());
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("delivery row of " + eventId).isTrue();
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("status", rs.getString(1));
        row.put("attempts", rs.getInt(2));
        row.put("last_reply_code", rs.getObject(3) == null ? null : rs.getInt(3));
        row.put("last_error", rs.getString(4));
        row.put("sent_at", rs.getTimestamp(5));
        return row;
      }
    }
  }

  private static int rows(UUID eventId) throws Exception {
    try (Connection c = db.database().connect();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM delivery WHERE event_id = ?")) {
      s.setString(1, eventId.toString());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static ScriptedSmtpServer start() {
    try {
      return new ScriptedSmtpServer();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
