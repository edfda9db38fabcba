package io.pvepanel.control.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.testsupport.TestTokens;
import io.pvepanel.testsupport.fuzz.HostileInputs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every public input of the control API with generated hostile values (jqwik's generators): JSON
 * bodies of any shape, path ids and query parameters of any text. None may get a 5xx, a stack trace
 * or an internal name in the answer, and nothing of a refused request may be stored (issue #13).
 */
class ApiFuzzAttackTests extends ControlIntegrationTest {

  static final int CASES = 60;
  static final String STAFF = TestTokens.admin("fuzz-staff");
  static final Set<String> FIELDS =
      Set.of(
          "planId",
          "templateId",
          "hostname",
          "sshPublicKey",
          "action",
          "name",
          "description",
          "snapshotId",
          "customerId",
          "reason",
          "graceHours",
          "scopes",
          "vmid",
          "node",
          "type");

  @Autowired WebTestClient http;
  @LocalServerPort int port;
  @Autowired ServerRepository servers;
  @Autowired DatabaseClient db;

  @Test
  void hostileBodiesPathsAndParametersGetA4xxAndLeaveNothingBehind() {
    String owner = "777";
    String token = TestTokens.user(owner);
    String serverId = TestServers.insert(servers, owner, 104, "pve1", "stopped");
    long[] before = counts(owner, serverId);
    HostileInputs.Checker checker = new HostileInputs.Checker("http://127.0.0.1:" + port);

    List<String> bodies = HostileInputs.values(HostileInputs.json(FIELDS), CASES);
    // valid values are no attack: a blank query value is a missing one (the default applies),
    // and Spring reads true/on/yes/1 as a boolean and small numbers as a limit
    List<String> texts = HostileInputs.values(HostileInputs.parameterText(), CASES);
    for (int i = 0; i < CASES; i++) {
      String body = bodies.get(i);
      String text = texts.get(i);
      String segment = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
      checker.check(HttpMethod.POST, "/api/server/create", body, token);
      checker.check(HttpMethod.POST, "/api/server/" + serverId + "/control", body, token);
      checker.check(HttpMethod.POST, "/api/server/" + serverId + "/snapshot", body, token);
      checker.check(HttpMethod.POST, "/api/server/" + serverId + "/snapshot/restore", body, token);
      checker.check(HttpMethod.GET, "/api/server/" + segment, null, token);
      checker.check(HttpMethod.GET, "/api/server/" + segment + "/snapshots", null, token);
      checker.check(
          HttpMethod.DELETE, "/api/server/" + serverId + "/snapshot/" + segment, null, token);
      checker.check(HttpMethod.GET, "/api/operations/" + segment, null, token);
      checker.check(
          HttpMethod.GET,
          "/api/server/" + serverId + "/operations?limit=" + segment + "&offset=" + segment,
          null,
          token);
      checker.check(
          HttpMethod.POST, "/api/server/" + serverId + "/start?wait=" + segment, null, token);
      checker.check(HttpMethod.POST, "/api/server/" + serverId + "/resize", body, token);
      // the provider API, with support staff's token: bodies, ids and parameters of any text
      checker.check(HttpMethod.POST, "/api/admin/servers", body, STAFF);
      checker.check(HttpMethod.POST, "/api/admin/servers/adopt", body, STAFF);
      checker.check(HttpMethod.POST, "/api/admin/keys", body, STAFF);
      checker.check(HttpMethod.POST, "/api/admin/servers/" + segment + "/suspend", body, STAFF);
      checker.check(HttpMethod.GET, "/api/admin/customers/" + segment, null, STAFF);
      checker.check(
          HttpMethod.GET,
          "/api/admin/customers?limit=" + segment + "&offset=" + segment,
          null,
          STAFF);
      checker.check(HttpMethod.DELETE, "/api/admin/keys/" + segment, null, STAFF);
      // and a customer's token on it: refused whatever the input
      checker.check(HttpMethod.PUT, "/api/admin/customers/" + owner, body, token);
    }
    assertThat(checker.failures()).isEmpty();
    assertThat(counts(owner, serverId)).containsExactly(before);
  }

  /**
   * Rows of everything a request of this test's user could have stored (other test classes share
   * the database, and their operations may still be ending).
   */
  private long[] counts(String owner, String serverId) {
    return List.of(
            "SELECT COUNT(*) AS n FROM servers WHERE owner_id = :owner",
            "SELECT COUNT(*) AS n FROM operations WHERE requested_by = :owner",
            "SELECT COUNT(*) AS n FROM snapshots WHERE server_id = :server",
            "SELECT COUNT(*) AS n FROM actions WHERE actor_id = :owner",
            "SELECT COUNT(*) AS n FROM outbox WHERE payload LIKE :payload",
            "SELECT COUNT(*) AS n FROM provider_keys",
            "SELECT COUNT(*) AS n FROM actions WHERE actor_id = 'fuzz-staff'",
            "SELECT COUNT(*) AS n FROM servers WHERE id = :server AND suspended_at IS NOT NULL")
        .stream()
        .mapToLong(
            sql ->
                db.sql(sql)
                    .bindValues(
                        java.util.Map.of(
                                "owner",
                                owner,
                                "server",
                                serverId,
                                "payload",
                                "%\"ownerId\":\"" + owner + "\"%")
                            .entrySet()
                            .stream()
                            .filter(e -> sql.contains(":" + e.getKey()))
                            .collect(
                                java.util.stream.Collectors.toMap(
                                    java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)))
                    .map(r -> r.get("n", Long.class))
                    .one()
                    .block(Duration.ofSeconds(10)))
        .toArray();
  }
}
