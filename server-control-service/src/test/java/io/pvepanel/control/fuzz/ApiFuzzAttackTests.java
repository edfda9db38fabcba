package io.pvepanel.control.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.testsupport.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every public input of the control API with generated hostile values (jqwik's generators): JSON
 * bodies of any shape, path ids and query parameters of any text. None may get a 5xx, a stack trace
 * or an internal name in the answer, and nothing of a refused request may be stored (issue #13).
 */
class ApiFuzzAttackTests extends ControlIntegrationTest {

  static final int CASES = 60;
  static final List<String> LEAKS =
      List.of("Exception", "\tat ", "java.", "org.springframework", "io.pvepanel", "r2dbc", "SQL");

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
    List<String> failures = new ArrayList<>();

    List<String> bodies = values(json());
    // valid values are no attack: a blank query value is a missing one (the default applies),
    // and Spring reads true/on/yes/1 as a boolean and small numbers as a limit
    List<String> texts =
        values(
            hostileText()
                .filter(t -> !t.isBlank())
                .filter(t -> !t.trim().matches("(?i)true|false|on|off|yes|no|\\+?\\d{1,3}")));
    for (int i = 0; i < CASES; i++) {
      String body = bodies.get(i);
      String text = texts.get(i);
      String segment = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
      check(failures, HttpMethod.POST, "/api/server/create", body, token);
      check(failures, HttpMethod.POST, "/api/server/" + serverId + "/control", body, token);
      check(failures, HttpMethod.POST, "/api/server/" + serverId + "/snapshot", body, token);
      check(
          failures, HttpMethod.POST, "/api/server/" + serverId + "/snapshot/restore", body, token);
      check(failures, HttpMethod.GET, "/api/server/" + segment, null, token);
      check(failures, HttpMethod.GET, "/api/server/" + segment + "/snapshots", null, token);
      check(
          failures,
          HttpMethod.DELETE,
          "/api/server/" + serverId + "/snapshot/" + segment,
          null,
          token);
      check(failures, HttpMethod.GET, "/api/operations/" + segment, null, token);
      check(
          failures,
          HttpMethod.GET,
          "/api/server/" + serverId + "/operations?limit=" + segment + "&offset=" + segment,
          null,
          token);
      check(
          failures,
          HttpMethod.POST,
          "/api/server/" + serverId + "/start?wait=" + segment,
          null,
          token);
    }
    assertThat(failures).isEmpty();
    assertThat(counts(owner, serverId)).containsExactly(before);
  }

  private void check(
      List<String> failures, HttpMethod method, String uri, String body, String token) {
    WebTestClient.RequestBodySpec request =
        http.mutate()
            .responseTimeout(Duration.ofSeconds(30))
            .build()
            .method(method)
            .uri(java.net.URI.create("http://127.0.0.1:" + port + uri))
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    EntityExchangeResult<String> result =
        (body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body))
            .exchange()
            .expectBody(String.class)
            .returnResult();
    int status = result.getStatus().value();
    String answer = result.getResponseBody() == null ? "" : result.getResponseBody();
    if (status >= 500 || status < 400) {
      failures.add(method + " " + uri + " " + abbreviate(body) + " -> " + status);
    }
    for (String leak : LEAKS) {
      if (answer.contains(leak)) {
        failures.add(method + " " + uri + " leaked '" + leak + "': " + abbreviate(answer));
      }
    }
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
            "SELECT COUNT(*) AS n FROM outbox WHERE payload LIKE :payload")
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

  /** Samples drawn outside a jqwik property (the Spring context is JUnit Jupiter's). */
  private static List<String> values(Arbitrary<String> arbitrary) {
    return arbitrary.sampleStream().limit(CASES).toList();
  }

  private static Arbitrary<String> hostileText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.of(
            "../../etc/passwd",
            "%00",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/x}",
            "-1",
            "99999999999999999999999",
            "NaN",
            " ",
            "\u0000\u202e",
            "maybe",
            "00000000-0000-0000-0000-000000000000"),
        Arbitraries.strings().withCharRange('0', 'z').ofMinLength(30).ofMaxLength(40));
  }

  private static Arbitrary<String> json() {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            hostileText().map(ApiFuzzAttackTests::quote),
            Arbitraries.longs().map(Object::toString),
            Arbitraries.doubles().map(Object::toString),
            Arbitraries.of("null", "true", "false", "1e999", "-0", "[]", "{}", "[[[[[[[[]]]]]]]]"));
    Arbitrary<String> field =
        Arbitraries.oneOf(
            Arbitraries.of(
                "planId",
                "templateId",
                "hostname",
                "sshPublicKey",
                "action",
                "name",
                "description",
                "snapshotId"),
            hostileText());
    Arbitrary<String> object =
        Arbitraries.entries(field, scalar)
            .map(e -> quote(e.getKey()) + ":" + e.getValue())
            .list()
            .ofMaxSize(6)
            .map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.oneOf(
        object,
        scalar,
        hostileText(),
        object.map(o -> o.substring(0, Math.max(1, o.length() / 2))),
        Arbitraries.integers()
            .between(1, 2000)
            .withDistribution(RandomDistribution.uniform())
            .map(n -> "[".repeat(n) + "]".repeat(n)));
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static String abbreviate(String s) {
    return s == null ? "-" : s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
