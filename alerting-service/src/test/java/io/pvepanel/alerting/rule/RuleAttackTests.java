package io.pvepanel.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import java.util.HashMap;
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

/**
 * A hostile customer trying to turn alert rules into a mail bomb (issue #13, hole 4): unlimited
 * rules, {@code for} 0 with a 60 s repeat, markup and headers in the name. Real MariaDB, the whole
 * web stack; the default limits (20 rules, for ≥ 60 s, repeat ≥ 15 min).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=127.0.0.1:9",
      "spring.kafka.listener.auto-startup=false"
    })
@AutoConfigureWebTestClient
@DirtiesContext
class RuleAttackTests {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("alerting_attack");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
  }

  @Autowired WebTestClient http;

  private WebTestClient.ResponseSpec post(String token, Map<String, Object> body) {
    return http.post()
        .uri("/api/alerts/rules")
        .headers(h -> h.setBearerAuth(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static Map<String, Object> rule(String name) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("metric", "cpu");
    body.put("operator", ">");
    body.put("threshold", 1);
    body.put("scope", "user");
    return body;
  }

  @Test
  void rulesBeyondTheCapAreRefusedNamingTheLimit() {
    String token = TestTokens.user("701");
    for (int i = 0; i < 20; i++) {
      post(token, rule("r" + i)).expectStatus().isCreated();
    }
    post(token, rule("one too many"))
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://pvepanel.io/problems/conflict")
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains("20 alert rules per user"));
    // another customer is not affected
    post(TestTokens.user("702"), rule("mine")).expectStatus().isCreated();
    // admins' global rules have no owner and no cap
    Map<String, Object> global = rule("global");
    global.put("scope", "global");
    post(TestTokens.admin("900"), global).expectStatus().isCreated();
  }

  @Test
  void forAndRepeatBelowTheMinimumAreRefusedNamingTheField() {
    String token = TestTokens.user("703");
    Map<String, Object> instant = rule("instant");
    instant.put("forSeconds", 0);
    refused(token, instant, "forSeconds", "at least 60");
    Map<String, Object> chatty = rule("chatty");
    chatty.put("forSeconds", 60);
    chatty.put("repeatIntervalSeconds", 60);
    refused(token, chatty, "repeatIntervalSeconds", "at least 900");
    Map<String, Object> slowest = rule("slowest allowed");
    slowest.put("forSeconds", 60);
    slowest.put("repeatIntervalSeconds", 900);
    post(token, slowest).expectStatus().isCreated();
  }

  @Test
  void aNameThatCouldStartAMailHeaderIsRefused() {
    String token = TestTokens.user("704");
    refused(
        token,
        rule("cpu\r\nBcc: victim@example.test"),
        "name",
        "must not contain line breaks or control characters");
    refused(token, rule("cpu\u2028x"), "name", "line breaks");
    // markup is kept as text: the mail escapes it (notification's MailAttackTests)
    post(token, rule("<b>CPU</b> & <script>x</script>"))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("<b>CPU</b> & <script>x</script>");
  }

  private void refused(String token, Map<String, Object> body, String field, String message) {
    post(token, body)
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo(field)
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains(message));
  }
}
