package io.pvepanel.notification.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.notification.delivery.DeliveryStore;
import io.pvepanel.notification.delivery.NewDelivery;
import io.pvepanel.notification.intake.EventIntake;
import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.notification.template.Notifications;
import io.pvepanel.notification.template.RenderedMail;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.listener.auto-startup=false",
      "notification.delivery.enabled=false"
    })
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationApiIntegrationTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("notif_api");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
  }

  @Autowired WebTestClient http;
  @Autowired DeliveryStore deliveries;
  @Autowired EventIntake intake;
  @Autowired DatabaseClient sql;

  @BeforeAll
  void seed() {
    store("1", "one@example.test", NotificationKind.ALERT_FIRING);
    store("1", "one@example.test", NotificationKind.PASSWORD_CHANGED);
    store("2", "two@example.test", NotificationKind.SERVER_DELETED);
  }

  @Test
  void refusesCallsWithoutAToken() {
    for (String path : new String[] {"/api/notifications", "/api/notifications/settings"}) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    http.put()
        .uri("/api/notifications/settings")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void settingsDefaultToTheTokenAddressAndEveryKind() {
    http.get()
        .uri("/api/notifications/settings")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("31"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.email")
        .doesNotExist()
        .jsonPath("$.effectiveEmail")
        .isEqualTo("31@example.test")
        .jsonPath("$.alertFiring")
        .isEqualTo(true)
        .jsonPath("$.operationFailed")
        .isEqualTo(true);
  }

  @Test
  void settingsAreSavedAndReadBack() {
    String token = TestTokens.user("32");
    http.put()
        .uri("/api/notifications/settings")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            """
            {"email": "ops@example.test", "alertFiring": true, "alertResolved": false,
             "passwordChanged": true, "serverDeleted": false, "operationFailed": true}
            """)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.email")
        .isEqualTo("ops@example.test")
        .jsonPath("$.emailState")
        .isEqualTo("pending");
    // an unconfirmed address is not used: mail goes to the account's own until it is confirmed
    http.get()
        .uri("/api/notifications/settings")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.email")
        .isEqualTo("ops@example.test")
        .jsonPath("$.emailState")
        .isEqualTo("pending")
        .jsonPath("$.effectiveEmail")
        .isEqualTo("32@example.test")
        .jsonPath("$.alertResolved")
        .isEqualTo(false)
        .jsonPath("$.serverDeleted")
        .isEqualTo(false)
        .jsonPath("$.alertFiring")
        .isEqualTo(true);
  }

  @Test
  void badInputIsAProblemNamingTheField() {
    badSettings(
        """
        {"email": "not-an-email", "alertFiring": true, "alertResolved": true,
         "passwordChanged": true, "serverDeleted": true, "operationFailed": true}
        """,
        "email");
    badSettings(
        """
        {"alertResolved": true, "passwordChanged": true, "serverDeleted": true,
         "operationFailed": true}
        """,
        "alertFiring");
    badSettings(
        """
        {"alertFiring": {"x": 1}, "alertResolved": true, "passwordChanged": true,
         "serverDeleted": true, "operationFailed": true}
        """,
        "alertFiring");
    http.get()
        .uri("/api/notifications?size=0")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("size");
  }

  @Test
  void deliveryLogShowsOnlyTheCallersRowsAndAdminsSeeAll() {
    http.get()
        .uri("/api/notifications")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(2)
        .jsonPath("$.items.length()")
        .isEqualTo(2)
        .jsonPath("$.items[*].ownerId")
        .value(owners -> assertThat(owners.toString()).doesNotContain("2"))
        .jsonPath("$.items[0].kind")
        .isEqualTo("server.password-changed")
        .jsonPath("$.items[0].recipient")
        .isEqualTo("one@example.test")
        .jsonPath("$.items[0].status")
        .isEqualTo("pending")
        .jsonPath("$.items[0].attempts")
        .isEqualTo(0)
        .jsonPath("$.items[0].createdAt")
        .exists();
    http.get()
        .uri("/api/notifications?page=0&size=1")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("2"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(1)
        .jsonPath("$.items[0].recipient")
        .isEqualTo("two@example.test");
    http.get()
        .uri("/api/notifications")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("9"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        // at least the three seeded rows (other tests of this class add confirmation mails)
        .jsonPath("$.total")
        .value(total -> assertThat(((Number) total).intValue()).isGreaterThanOrEqualTo(3));
    http.get()
        .uri("/api/notifications?ownerId=2")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("9"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(1);
    // a customer's ownerId filter is ignored: still only their own rows
    http.get()
        .uri("/api/notifications?ownerId=2")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(2);
  }

  @Test
  void eventsFollowTheOwnersSettings() {
    String token = TestTokens.user("34");
    http.put()
        .uri("/api/notifications/settings")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            """
            {"email": "pager@example.test", "alertFiring": false, "alertResolved": true,
             "passwordChanged": true, "serverDeleted": true, "operationFailed": true}
            """)
        .exchange()
        .expectStatus()
        .isOk();
    confirm(token, "pager@example.test");
    AlertEvent firing = alert("34", AlertEvent.FIRING);
    AlertEvent resolved = alert("34", AlertEvent.RESOLVED);
    assertThat(intake.accept(Notifications.of(firing).orElseThrow()).block()).isZero();
    assertThat(intake.accept(Notifications.of(resolved).orElseThrow()).block()).isEqualTo(1);
    http.get()
        .uri("/api/notifications")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(2) // the confirmation mail and the resolved alert
        .jsonPath("$.items[0].kind")
        .isEqualTo("alert.resolved")
        .jsonPath("$.items[0].recipient")
        .isEqualTo("pager@example.test")
        .jsonPath("$.items[0].eventId")
        .isEqualTo(resolved.eventId().toString());
  }

  /** Confirms {@code address} with the code of its confirmation mail (still in its row). */
  private void confirm(String token, String address) {
    String body =
        sql.sql(
                "SELECT text_body FROM delivery WHERE kind = 'contact.confirmation' AND recipient"
                    + " = :to ORDER BY id DESC LIMIT 1")
            .bind("to", address)
            .map(row -> row.get("text_body", String.class))
            .one()
            .block();
    Matcher code = Pattern.compile("Confirmation code: ([A-Z0-9-]+)").matcher(body);
    assertThat(code.find()).as(body).isTrue();
    http.post()
        .uri("/api/notifications/settings/confirm")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"code\": \"" + code.group(1) + "\"}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.emailState")
        .isEqualTo("confirmed")
        .jsonPath("$.effectiveEmail")
        .isEqualTo(address);
  }

  private static AlertEvent alert(String owner, String type) {
    Instant now = Instant.now();
    return new AlertEvent(
        UUID.randomUUID(),
        type,
        1,
        now,
        "s-" + owner,
        owner,
        owner + "@example.test",
        "web-" + owner,
        "a",
        "r",
        "Disk full",
        "disk",
        ">=",
        90,
        91.5,
        now,
        null);
  }

  private void badSettings(String body, String field) {
    http.put()
        .uri("/api/notifications/settings")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("33"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://pvepanel.io/problems/invalid-input")
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.errors[0].field")
        .isEqualTo(field)
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains(field));
  }

  private void store(String owner, String to, NotificationKind kind) {
    Boolean inserted =
        deliveries
            .insertIfAbsent(
                new NewDelivery(
                    UUID.randomUUID(),
                    kind,
                    to,
                    owner,
                    "s-" + owner,
                    new RenderedMail("subject", "text", "<p>html</p>")))
            .block();
    assertThat(inserted).isTrue();
  }
}
