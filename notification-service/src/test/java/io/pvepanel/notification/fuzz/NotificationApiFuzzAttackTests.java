package io.pvepanel.notification.fuzz;

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
 * Every public input of the notification API with generated hostile values (the suite's {@link
 * HostileInputs}): settings documents and confirmation codes of any shape, delivery-log parameters.
 * None may get a 5xx, a stack trace or an internal name, and no refused request may store settings
 * or queue a mail (issue #13).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.listener.auto-startup=false",
      "notification.delivery.enabled=false"
    })
@DirtiesContext
class NotificationApiFuzzAttackTests {

  static final int CASES = 60;
  static final Set<String> FIELDS =
      Set.of(
          "email",
          "alertFiring",
          "alertResolved",
          "passwordChanged",
          "serverDeleted",
          "operationFailed",
          "code");

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("notif_fuzz");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
  }

  @Autowired DatabaseClient sql;
  @LocalServerPort int port;

  @Test
  void hostileSettingsCodesAndParametersGetA4xxAndStoreNothing() {
    String token = TestTokens.user("777");
    long[] before = {count("contact_settings"), count("delivery")};
    List<String> bodies = HostileInputs.values(HostileInputs.json(FIELDS), CASES);
    List<String> texts = HostileInputs.values(HostileInputs.parameterText(), CASES);
    HostileInputs.Checker checker = new HostileInputs.Checker("http://127.0.0.1:" + port);
    for (int i = 0; i < CASES; i++) {
      String body = bodies.get(i);
      String value = URLEncoder.encode(texts.get(i), StandardCharsets.UTF_8).replace("+", "%20");
      checker.check(HttpMethod.PUT, "/api/notifications/settings", body, token);
      checker.check(HttpMethod.POST, "/api/notifications/settings/confirm", body, token);
      checker.check(
          HttpMethod.GET, "/api/notifications?page=" + value + "&size=" + value, null, token);
      // support staff's filter: a customer's is ignored (their own log), so any answer but a 5xx
      checker.checkNo5xx(HttpMethod.GET, "/api/notifications?ownerId=" + value, null, token);
    }
    assertThat(checker.failures()).isEmpty();
    assertThat(new long[] {count("contact_settings"), count("delivery")}).containsExactly(before);
  }

  private long count(String table) {
    return sql.sql("SELECT COUNT(*) AS n FROM " + table)
        .map(r -> r.get("n", Long.class))
        .one()
        .block(Duration.ofSeconds(10));
  }
}
