package io.pvepanel.alerting.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import io.pvepanel.testsupport.fuzz.HostileInputs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every public input of the alerting API with generated hostile values (the suite's {@link
 * HostileInputs}): rule bodies of any shape, rule ids, alert-history parameters. None may get a
 * 5xx, a stack trace or an internal name, and no refused request may store a rule (issue #13).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=127.0.0.1:9",
      "spring.kafka.listener.auto-startup=false"
    })
@DirtiesContext
class AlertingApiFuzzAttackTests {

  static final int CASES = 60;
  static final Set<String> FIELDS =
      Set.of(
          "name",
          "metric",
          "operator",
          "threshold",
          "forSeconds",
          "repeatIntervalSeconds",
          "sendResolved",
          "scope",
          "serverId",
          "enabled");

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("alerting_fuzz");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
  }

  @Autowired DatabaseClient sql;
  @LocalServerPort int port;

  @Test
  void hostileRulesIdsAndParametersGetA4xxAndStoreNothing() {
    String token = TestTokens.user("777");
    long rulesBefore = rules();
    List<String> bodies = HostileInputs.values(HostileInputs.json(FIELDS), CASES);
    List<String> texts = HostileInputs.values(HostileInputs.parameterText(), CASES);
    HostileInputs.Checker checker = new HostileInputs.Checker("http://127.0.0.1:" + port);
    for (int i = 0; i < CASES; i++) {
      String body = bodies.get(i);
      String segment = URLEncoder.encode(texts.get(i), StandardCharsets.UTF_8).replace("+", "%20");
      checker.check(HttpMethod.POST, "/api/alerts/rules", body, token);
      checker.check(HttpMethod.PUT, "/api/alerts/rules/" + segment, body, token);
      checker.check(HttpMethod.GET, "/api/alerts/rules/" + segment, null, token);
      checker.check(HttpMethod.DELETE, "/api/alerts/rules/" + segment, null, token);
      checker.check(HttpMethod.GET, "/api/alerts?serverId=" + segment, null, token);
      checker.check(
          HttpMethod.GET, "/api/alerts?page=" + segment + "&size=" + segment, null, token);
      checker.check(HttpMethod.GET, "/api/alerts?state=" + segment, null, token);
    }
    assertThat(checker.failures()).isEmpty();
    assertThat(rules()).isEqualTo(rulesBefore);
  }

  private long rules() {
    return sql.sql("SELECT COUNT(*) AS n FROM alert_rule")
        .map(r -> r.get("n", Long.class))
        .one()
        .block(Duration.ofSeconds(10));
  }
}
