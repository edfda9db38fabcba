package io.pvepanel.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.Topics;
import io.pvepanel.notification.mail.MailSender;
import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.notification.template.RenderedMail;
import io.pvepanel.testsupport.MutableClock;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestMailServer;
import io.pvepanel.testsupport.TestTokens;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * A hostile customer using the panel to mail-bomb someone (issue #13, hole 4), on real parts:
 * MariaDB, in-process KRaft Kafka, GreenMail SMTP, the delivery worker, a clock the test moves. The
 * recipient budget here is 100 mails per hour.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "notification.delivery.poll-interval=100ms",
      "notification.delivery.recipient-limit.max-mails=100",
      "notification.delivery.recipient-limit.window=1h"
    })
@EmbeddedKafka(
    partitions = 1,
    topics = {Topics.ALERT_EVENTS, Topics.SERVER_EVENTS},
    brokerProperties = {"group.initial.rebalance.delay.ms=0"})
@AutoConfigureWebTestClient
@DirtiesContext
class MailAttackTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("notif_attack");
  @RegisterExtension static GreenMailExtension smtp = TestMailServer.smtp();

  private static final Pattern CODE = Pattern.compile("Confirmation code: ([A-Z0-9-]+)");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    TestMailServer.registerSpringProperties(smtp, registry);
  }

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock();
    }
  }

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired WebTestClient http;
  @Autowired MutableClock clock;
  @Autowired DatabaseClient sql;
  @Autowired DeliveryStore store;
  @Autowired MailSender sender;
  @Autowired DeliveryProperties deliveryProperties;
  @Autowired RecipientLimitProperties limit;

  // ------------------------------------------------------------------ confirmation

  @Test
  void anUnconfirmedAddressReceivesOnlyTheConfirmationMail() throws Exception {
    String owner = "801";
    String victim = "victim801@example.test";
    String token = TestTokens.user(owner);
    putAddress(token, victim)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.email")
        .isEqualTo(victim)
        .jsonPath("$.emailState")
        .isEqualTo("pending")
        .jsonPath("$.effectiveEmail")
        .isEqualTo(owner + "@example.test");

    // alerts while pending go to the account's own address, never to the pending one
    for (int i = 0; i < 3; i++) {
      publish(alert(owner, "web-801", "CPU high", AlertEvent.FIRING));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> mailsTo(owner + "@example.test").size() == 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(victim).size() == 1);
    MimeMessage confirmation = mailsTo(victim).get(0);
    assertThat(confirmation.getSubject()).isEqualTo("[pvepanel] Confirm your notification address");
    assertThat(text(confirmation)).doesNotContain("CPU high").doesNotContain("web-801");

    // a second address at once: refused (one confirmation mail per user per 5 min)
    putAddress(token, "other801@example.test")
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists(HttpHeaders.RETRY_AFTER);
    http.post()
        .uri("/api/notifications/settings/confirm/resend")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isEqualTo(429);

    // a wrong code is refused naming the field; the right one confirms, once
    confirm(token, "AAAAA-AAAAA")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("code");
    String code = code(confirmation);
    confirm(token, code.toLowerCase(java.util.Locale.ROOT))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.emailState")
        .isEqualTo("confirmed")
        .jsonPath("$.effectiveEmail")
        .isEqualTo(victim);
    confirm(token, code).expectStatus().isBadRequest();

    // only the hash was stored, and the sent confirmation's body is gone from the log table
    String stored =
        sql.sql(
                "SELECT COALESCE(pending_code_sha256, '') AS h FROM contact_settings WHERE user_id = :u")
            .bind("u", owner)
            .map(r -> r.get("h", String.class))
            .one()
            .block();
    assertThat(stored).isEmpty();
    String body =
        sql.sql(
                "SELECT text_body FROM delivery WHERE kind = 'contact.confirmation' AND recipient = :r")
            .bind("r", victim)
            .map(r -> r.get("text_body", String.class))
            .one()
            .block();
    assertThat(body).doesNotContain(code);

    // confirmed: now it receives the alerts
    publish(alert(owner, "web-801", "CPU high", AlertEvent.FIRING));
    await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(victim).size() == 2);
  }

  @Test
  void aCodeExpiresAndWearsOutAfterFiveWrongTries() throws Exception {
    String owner = "802";
    String address = "pager802@example.test";
    String token = TestTokens.user(owner);
    putAddress(token, address).expectStatus().isOk();
    await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(address).size() == 1);
    String code = code(mailsTo(address).get(0));
    for (int i = 0; i < 5; i++) {
      confirm(token, "WRONG-CODE" + i).expectStatus().isBadRequest();
    }
    confirm(token, code).expectStatus().isBadRequest();

    // a new code after the re-send interval; it expires after 24 h
    clock.advance(Duration.ofMinutes(6));
    http.post()
        .uri("/api/notifications/settings/confirm/resend")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk();
    await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(address).size() == 2);
    String second = code(mailsTo(address).get(1));
    clock.advance(Duration.ofHours(25));
    confirm(token, second).expectStatus().isBadRequest();
  }

  // ------------------------------------------------------------------ rate limit per recipient

  @Test
  void twoHundredAlertsForOneRecipientAreCappedDeferredAndSentAfterTheWindowInOrder()
      throws Exception {
    String owner = "803";
    String to = owner + "@example.test";
    for (int i = 0; i < 200; i++) {
      publish(alert(owner, "web-803", "rule " + i, AlertEvent.FIRING));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count(to, "sent") == 100 && count(to, "deferred") == 100);
    // and it stays that way within the window
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> mailsTo(to).size() == 100 && count(to, "deferred") == 100);

    // the delivery log shows what waits, until when and why
    http.get()
        .uri("/api/notifications?size=1")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.items[0].status")
        .isEqualTo("deferred")
        .jsonPath("$.items[0].nextAttemptAt")
        .exists()
        .jsonPath("$.items[0].attempts")
        .isEqualTo(0)
        .jsonPath("$.items[0].deferredReason")
        .value(r -> assertThat(r.toString()).contains("at most 100 mails per 1h"));

    clock.advance(Duration.ofMinutes(61));
    await().atMost(Duration.ofSeconds(60)).until(() -> count(to, "sent") == 200);
    assertThat(mailsTo(to)).hasSize(200);
    // in the order they were stored
    List<Long> ids = new ArrayList<>();
    for (MimeMessage m : mailsTo(to)) {
      Matcher id = Pattern.compile("<delivery-(\\d+)\\.").matcher(m.getMessageID());
      assertThat(id.find()).as(m.getMessageID()).isTrue();
      ids.add(Long.parseLong(id.group(1)));
    }
    assertThat(ids).isSorted();
  }

  @Test
  void twoInstancesShareOneBudgetPerRecipient() {
    String to = "shared804@example.test";
    for (int i = 0; i < 150; i++) {
      store
          .insertIfAbsent(
              new NewDelivery(
                  UUID.randomUUID(),
                  NotificationKind.ALERT_FIRING,
                  to,
                  "804",
                  "s-804",
                  new RenderedMail("shared " + i, "text", "<p>html</p>")))
          .block(Duration.ofSeconds(10));
    }
    // a second instance: its own worker on the same database, racing this context's worker
    DeliveryWorker second =
        new DeliveryWorker(
            store,
            sender,
            deliveryProperties,
            clock,
            new DeliveryWorker.Wakeup(),
            new SimpleMeterRegistry(),
            new RecipientBudget(sql, limit));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Flux.merge(second.round(), second.round(), second.round())
                  .then()
                  .block(Duration.ofSeconds(30));
              return count(to, "sent") + count(to, "deferred") == 150;
            });
    assertThat(count(to, "sent")).isEqualTo(100);
    assertThat(count(to, "deferred")).isEqualTo(50);
    assertThat(mailsTo(to)).hasSize(100);
  }

  // ------------------------------------------------------------------ injection

  @Test
  void markupAndHeadersInARuleNameArriveEscaped() throws Exception {
    String owner = "805";
    String to = owner + "@example.test";
    String name =
        "<a href=\"https://evil.example\">Click</a><script>x()</script>\r\nBcc: bcc805@example.test";
    publish(alert(owner, "web-805", name, AlertEvent.RESOLVED));
    await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(to).size() == 1);
    MimeMessage mail = mailsTo(to).get(0);
    assertThat(mail.getSubject()).doesNotContain("\r").doesNotContain("\n");
    assertThat(mail.getHeader("Bcc")).isNull();
    assertThat(mail.getAllRecipients()).hasSize(1);
    assertThat(mailsTo("bcc805@example.test")).isEmpty();
    Map<String, String> parts = parts(mail);
    assertThat(parts.get("html"))
        .contains("&lt;a href=&quot;https://evil.example&quot;&gt;Click&lt;/a&gt;")
        .contains("&lt;script&gt;")
        .doesNotContain("<a href")
        .doesNotContain("<script>");
  }

  // ------------------------------------------------------------------ helpers

  private WebTestClient.ResponseSpec putAddress(String token, String email) {
    return http.put()
        .uri("/api/notifications/settings")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "email", email,
                "alertFiring", true,
                "alertResolved", true,
                "passwordChanged", true,
                "serverDeleted", true,
                "operationFailed", true))
        .exchange();
  }

  private WebTestClient.ResponseSpec confirm(String token, String code) {
    return http.post()
        .uri("/api/notifications/settings/confirm")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("code", code))
        .exchange();
  }

  private long count(String recipient, String status) {
    return sql.sql("SELECT COUNT(*) AS n FROM delivery WHERE recipient = :r AND status = :s")
        .bind("r", recipient)
        .bind("s", status)
        .map(r -> r.get("n", Long.class))
        .one()
        .block(Duration.ofSeconds(10));
  }

  private void publish(AlertEvent e) throws Exception {
    kafka.send(Topics.ALERT_EVENTS, e.serverId(), EventJson.write(e)).get(10, TimeUnit.SECONDS);
  }

  private static AlertEvent alert(String owner, String server, String ruleName, String type) {
    Instant now = Instant.now();
    return new AlertEvent(
        UUID.randomUUID(),
        type,
        AlertEvent.VERSION,
        now,
        "s-" + owner,
        owner,
        owner + "@example.test",
        server,
        "alert-" + UUID.randomUUID(),
        "rule-1",
        ruleName,
        "cpu",
        ">",
        90,
        95.0,
        now.minusSeconds(60),
        AlertEvent.RESOLVED.equals(type) ? now : null);
  }

  private static String code(MimeMessage m) throws Exception {
    String text = text(m);
    Matcher code = CODE.matcher(text);
    assertThat(code.find()).as(text).isTrue();
    return code.group(1);
  }

  private static String text(MimeMessage m) throws Exception {
    return parts(m).get("text");
  }

  private static List<MimeMessage> mailsTo(String to) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equals(to));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  private static Map<String, String> parts(Part part) throws Exception {
    Map<String, String> out = new HashMap<>();
    collect(part, out);
    return out;
  }

  private static void collect(Part part, Map<String, String> out) throws Exception {
    if (part.isMimeType("text/plain")) {
      out.putIfAbsent("text", part.getContent().toString());
    } else if (part.isMimeType("text/html")) {
      out.putIfAbsent("html", part.getContent().toString());
    } else if (part.getContent() instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart child = mp.getBodyPart(i);
        collect(child, out);
      }
    }
  }
}
