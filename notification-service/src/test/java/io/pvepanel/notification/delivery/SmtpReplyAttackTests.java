package io.pvepanel.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pvepanel.notification.delivery.ScriptedSmtpServer.Step;
import io.pvepanel.notification.intake.EventIntake;
import io.pvepanel.notification.template.Notifications;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Issue #13, hole 10: an SMTP server's reply (internal relay names and addresses, policy names,
 * queue ids, other recipients) is not the customer's to read. The delivery log shows a fixed text
 * per reply-code class; the full reply goes to the service log only. Real SMTP over a socket (the
 * scripted server), the real API.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.listener.auto-startup=false",
      "notification.delivery.poll-interval=100ms",
      "notification.delivery.initial-backoff=100ms",
      "notification.delivery.max-backoff=200ms",
      "notification.mail.helo-name=localhost"
    })
@AutoConfigureWebTestClient
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SmtpReplyAttackTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("notif_reply");

  static final ScriptedSmtpServer smtp = start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    registry.add("notification.mail.host", () -> "127.0.0.1");
    registry.add("notification.mail.port", smtp::port);
  }

  @Autowired EventIntake intake;
  @Autowired WebTestClient http;

  @AfterAll
  static void stop() throws Exception {
    smtp.close();
  }

  @Test
  void theServersReplyReachesTheServiceLogButNotTheCustomer(CapturedOutput output) {
    String refused = "victim@example.test";
    String deferred = "later@example.test";
    smtp.script(refused, Step.RCPT_550_DETAILED);
    Step[] alwaysDeferred = new Step[200];
    java.util.Arrays.fill(alwaysDeferred, Step.RCPT_451_DETAILED);
    smtp.script(deferred, alwaysDeferred);
    store("reply-owner", refused);
    store("reply-owner", deferred);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Map<String, Map<String, Object>> log = deliveryLog("reply-owner");
              assertThat(log.get(refused)).containsEntry("status", "failed");
              assertThat(log.get(deferred).get("lastError")).isNotNull();
            });
    Map<String, Map<String, Object>> log = deliveryLog("reply-owner");
    assertThat(log.get(refused))
        .containsEntry("lastError", "mail server refused the message (5xx)")
        .containsEntry("lastReplyCode", 550);
    assertThat(log.get(deferred))
        .containsEntry("status", "pending")
        .containsEntry("lastError", "mail server deferred the message (4xx)")
        .containsEntry("lastReplyCode", 451);
    assertThat(log.toString())
        .doesNotContain("10.20.30.4")
        .doesNotContain("corp.example")
        .doesNotContain("pvepanel-outbound")
        .doesNotContain("5.7.1");
    // the operators still have the whole reply
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(output.getAll())
                    .contains("mx-int-7.corp.example [10.20.30.40] refused")
                    .contains("mailstore-3.corp.example [10.20.30.41] backend timeout"));
  }

  private Map<String, Map<String, Object>> deliveryLog(String owner) {
    Map<String, Object> page =
        http.get()
            .uri("/api/notifications?size=50")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
    Map<String, Map<String, Object>> byRecipient = new java.util.HashMap<>();
    items.forEach(i -> byRecipient.put((String) i.get("recipient"), i));
    return byRecipient;
  }

  private void store(String owner, String to) {
    UUID id = UUID.randomUUID();
    Integer stored =
        intake
            .accept(
                Notifications.of(SmtpDeliveryIntegrationTests.alert(id, owner, to)).orElseThrow())
            .block(Duration.ofSeconds(10));
    assertThat(stored).isEqualTo(1);
  }

  private static ScriptedSmtpServer start() {
    try {
      return new ScriptedSmtpServer();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
