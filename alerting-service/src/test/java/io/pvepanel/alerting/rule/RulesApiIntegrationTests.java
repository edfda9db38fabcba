package io.pvepanel.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=127.0.0.1:9",
      "spring.kafka.listener.auto-startup=false"
    })
@AutoConfigureWebTestClient
@DirtiesContext // closes the context (and its outbox relay) with the class
@SuppressWarnings("unchecked")
class RulesApiIntegrationTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("alerting_api");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
  }

  @Autowired WebTestClient http;

  static final String ALICE = "101";
  static final String BOB = "102";
  static final String ADMIN = "900";

  private void ownership() throws Exception {
    try (Connection c = db.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO server_owner (server_id, owner_id, updated_at) VALUES (?, ?,"
                    + " 0)")) {
      s.setString(1, "srv-alice");
      s.setString(2, ALICE);
      s.executeUpdate();
      s.setString(1, "srv-bob");
      s.setString(2, BOB);
      s.executeUpdate();
    }
  }

  private WebTestClient.RequestHeadersSpec<?> get(String token, String uri) {
    return http.get().uri(uri).headers(h -> h.setBearerAuth(token));
  }

  private WebTestClient.ResponseSpec post(String token, Object body) {
    return http.post()
        .uri("/api/alerts/rules")
        .headers(h -> h.setBearerAuth(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec put(String token, Object id, Object body) {
    return http.put()
        .uri("/api/alerts/rules/" + id)
        .headers(h -> h.setBearerAuth(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static Map<String, Object> userRule(String name) {
    return Map.of(
        "name", name, "metric", "memory", "operator", ">=", "threshold", 80, "scope", "user");
  }

  private long create(String token, Map<String, Object> body) {
    Map<?, ?> created =
        post(token, body)
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    return ((Number) created.get("id")).longValue();
  }

  @Test
  void withoutTokenIs401() {
    http.get().uri("/api/alerts/rules").exchange().expectStatus().isUnauthorized();
    http.get().uri("/api/alerts").exchange().expectStatus().isUnauthorized();
    http.post()
        .uri("/api/alerts/rules")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(userRule("x"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void seededDefaultsArePercentRulesVisibleToEveryone() {
    get(TestTokens.user("555"), "/api/alerts/rules")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.scope == 'global')].metric")
        .value(m -> assertThat((List<Object>) m).contains("cpu", "memory", "disk"))
        .jsonPath("$[?(@.id == 1)].threshold")
        .isEqualTo(List.of(90.0))
        .jsonPath("$[?(@.id == 1)].operator")
        .isEqualTo(List.of(">"));
  }

  @Test
  void userCrudOnOwnRules() {
    String alice = TestTokens.user(ALICE);
    long id = create(alice, userRule("mem high"));
    get(alice, "/api/alerts/rules/" + id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("mem high")
        .jsonPath("$.ownerId")
        .isEqualTo(ALICE)
        .jsonPath("$.forSeconds")
        .isEqualTo(300)
        .jsonPath("$.repeatIntervalSeconds")
        .isEqualTo(3600)
        .jsonPath("$.sendResolved")
        .isEqualTo(true);
    put(
            alice,
            id,
            Map.of(
                "name",
                "mem very high",
                "metric",
                "memory",
                "operator",
                ">",
                "threshold",
                95,
                "scope",
                "user",
                "repeatIntervalSeconds",
                1800,
                "muteUntil",
                "2030-01-01T00:00:00Z"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.threshold")
        .isEqualTo(95.0)
        .jsonPath("$.repeatIntervalSeconds")
        .isEqualTo(1800)
        .jsonPath("$.muteUntil")
        .isEqualTo("2030-01-01T00:00:00Z");
    http.delete()
        .uri("/api/alerts/rules/" + id)
        .headers(h -> h.setBearerAuth(alice))
        .exchange()
        .expectStatus()
        .isNoContent();
    get(alice, "/api/alerts/rules/" + id).exchange().expectStatus().isNotFound();
  }

  @Test
  void usersCannotSeeOrTouchOtherUsersRules() {
    long id = create(TestTokens.user(ALICE), userRule("alice only"));
    String bob = TestTokens.user(BOB);
    get(bob, "/api/alerts/rules/" + id).exchange().expectStatus().isNotFound();
    get(bob, "/api/alerts/rules")
        .exchange()
        .expectBody()
        .jsonPath("$[?(@.id == " + id + ")]")
        .isEmpty();
    put(bob, id, userRule("taken")).expectStatus().isNotFound();
    http.delete()
        .uri("/api/alerts/rules/" + id)
        .headers(h -> h.setBearerAuth(bob))
        .exchange()
        .expectStatus()
        .isNotFound();
    get(TestTokens.admin(ADMIN), "/api/alerts/rules/" + id).exchange().expectStatus().isOk();
  }

  @Test
  void onlyAdminsManageGlobalRules() {
    String alice = TestTokens.user(ALICE);
    Map<String, Object> global =
        Map.of("name", "g", "metric", "cpu", "operator", ">", "threshold", 80, "scope", "global");
    post(alice, global)
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    put(alice, 1, global).expectStatus().isForbidden();
    http.delete()
        .uri("/api/alerts/rules/1")
        .headers(h -> h.setBearerAuth(alice))
        .exchange()
        .expectStatus()
        .isForbidden();
    long id = create(TestTokens.admin(ADMIN), global);
    get(TestTokens.user(BOB), "/api/alerts/rules/" + id).exchange().expectStatus().isOk();
    put(alice, id, global).expectStatus().isForbidden();
  }

  @Test
  void perServerRulesOnlyForOwnServers() throws Exception {
    ownership();
    Map<String, Object> rule =
        Map.of("name", "down", "metric", "status_down", "scope", "server", "serverId", "srv-alice");
    post(TestTokens.user(ALICE), rule)
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.serverId")
        .isEqualTo("srv-alice")
        .jsonPath("$.operator")
        .isEqualTo(">=")
        .jsonPath("$.threshold")
        .isEqualTo(1.0);
    String notFoundBody =
        post(TestTokens.user(BOB), rule)
            .expectStatus()
            .isNotFound()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    String unknownBody =
        post(
                TestTokens.user(BOB),
                Map.of(
                    "name",
                    "down",
                    "metric",
                    "status_down",
                    "scope",
                    "server",
                    "serverId",
                    "srv-nope"))
            .expectStatus()
            .isNotFound()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(notFoundBody.replace("srv-alice", ""))
        .isEqualTo(unknownBody.replace("srv-nope", ""));
    post(TestTokens.admin(ADMIN), rule)
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.ownerId")
        .isEqualTo(ALICE);
    post(TestTokens.user(ALICE), Map.of("name", "x", "metric", "status_down", "scope", "server"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("serverId");
  }

  @Test
  void validationErrorsNameTheFields() {
    String alice = TestTokens.user(ALICE);
    post(alice, Map.of("scope", "user", "forSeconds", -1))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.errors[*].field")
        .value(f -> assertThat((List<Object>) f).contains("name", "metric", "forSeconds"));
    post(
            alice,
            Map.of(
                "name", "n", "metric", "cpu", "operator", ">", "threshold", 150, "scope", "user"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("threshold");
    post(alice, Map.of("name", "n", "metric", "cpu", "threshold", 50, "scope", "user"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("operator");
    post(
            alice,
            Map.of("name", "n", "metric", "load", "operator", ">", "threshold", 5, "scope", "user"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("metric");
    post(
            alice,
            "{\"name\":\"n\",\"metric\":\"cpu\",\"operator\":\">\",\"threshold\":\"lots\",\"scope\":\"user\"}")
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("threshold");
    post(
            alice,
            "{\"name\":\"n\",\"metric\":\"cpu\",\"operator\":\">\",\"threshold\":5,\"scope\":\"user\",\"forSeconds\":\"soon\"}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("forSeconds");
    post(alice, "{\"name\":\"n\", \"metric\": ")
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .exists();
    get(alice, "/api/alerts?size=1000")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("size");
    get(alice, "/api/alerts?page=abc")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("page");
  }

  @Test
  void alertsListIsPagedAndForeignServersAre404() throws Exception {
    ownership();
    get(TestTokens.user(ALICE), "/api/alerts?serverId=srv-alice")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.items")
        .isArray()
        .jsonPath("$.page")
        .isEqualTo(0)
        .jsonPath("$.size")
        .isEqualTo(20);
    get(TestTokens.user(ALICE), "/api/alerts?serverId=srv-bob")
        .exchange()
        .expectStatus()
        .isNotFound();
    get(TestTokens.admin(ADMIN), "/api/alerts?serverId=srv-bob").exchange().expectStatus().isOk();
  }
}
