package io.pvepanel.testsupport.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The suite's one set of hostile inputs for the services' {@code *FuzzAttackTests} (issue #13):
 * jqwik generators of texts (any Unicode, traversal, injection, huge numbers, control characters)
 * and JSON documents of any shape and nesting with the API's own field names among random ones,
 * drawn outside a jqwik property (the Spring context is JUnit Jupiter's), and the one check of an
 * answer: a 4xx problem, never a 5xx, a 2xx/3xx, a stack trace or an internal name.
 */
public final class HostileInputs {

  /** Texts no answer may contain: a stack trace or the names of what runs inside. */
  public static final List<String> LEAKS =
      List.of("Exception", "\tat ", "java.", "org.springframework", "io.pvepanel", "r2dbc", "SQL");

  private HostileInputs() {}

  /** {@code count} samples of {@code arbitrary}. */
  public static List<String> values(Arbitrary<String> arbitrary, int count) {
    return arbitrary.sampleStream().limit(count).toList();
  }

  /**
   * Texts for path segments and query values, without the ones an API rightly takes as valid
   * (booleans, small numbers) or as absent (blank).
   */
  public static Arbitrary<String> parameterText() {
    return text()
        .filter(t -> !t.isBlank())
        .filter(t -> !t.trim().matches("(?i)true|false|on|off|yes|no|\\+?\\d{1,3}"));
  }

  /** Any text: Unicode of any kind, traversal, injection, huge and odd numbers. */
  public static Arbitrary<String> text() {
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

  /** JSON documents of any shape; objects use {@code fields} among random names. */
  public static Arbitrary<String> json(Set<String> fields) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            text().map(HostileInputs::quote),
            Arbitraries.longs().map(Object::toString),
            Arbitraries.doubles().map(Object::toString),
            Arbitraries.of("null", "true", "false", "1e999", "-0", "[]", "{}", "[[[[[[[[]]]]]]]]"));
    Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of(List.copyOf(fields)), text());
    Arbitrary<String> object =
        Arbitraries.entries(field, scalar)
            .map(e -> quote(e.getKey()) + ":" + e.getValue())
            .list()
            .ofMaxSize(6)
            .map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.oneOf(
        object,
        scalar,
        text(),
        object.map(o -> o.substring(0, Math.max(1, o.length() / 2))),
        Arbitraries.integers()
            .between(1, 2000)
            .withDistribution(RandomDistribution.uniform())
            .map(n -> "[".repeat(n) + "]".repeat(n)));
  }

  /** A JSON string of {@code s}. */
  public static String quote(String s) {
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

  /** Collects what is wrong with the answers to hostile requests. */
  public static final class Checker {

    private final WebTestClient http;
    private final String baseUrl;
    private final List<String> failures = new ArrayList<>();

    /**
     * Requests go to {@code baseUrl} (e.g. {@code http://127.0.0.1:<port>}) as given, unencoded,
     * each on a connection of its own: a server that answers an over-long request line and closes
     * must not leave a half-closed connection in a pool for the next request to wait on.
     */
    public Checker(String baseUrl) {
      this.http =
          WebTestClient.bindToServer(
                  new ReactorClientHttpConnector(
                      HttpClient.create(ConnectionProvider.newConnection())))
              .responseTimeout(Duration.ofSeconds(30))
              .build();
      this.baseUrl = baseUrl;
    }

    /** Sends one request; the answer must be a 4xx without a stack trace or an internal name. */
    public void check(HttpMethod method, String uri, String body, String token) {
      check(method, uri, body, token, false);
    }

    /**
     * As {@link #check}, for a route where a generated input may well be valid (every field
     * optional): any answer below 500 passes, still without a stack trace or an internal name.
     */
    public void checkNo5xx(HttpMethod method, String uri, String body, String token) {
      check(method, uri, body, token, true);
    }

    private void check(
        HttpMethod method, String uri, String body, String token, boolean validMayPass) {
      WebTestClient.RequestBodySpec request =
          http.method(method)
              .uri(java.net.URI.create(baseUrl + uri))
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
      EntityExchangeResult<String> result =
          (body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body))
              .exchange()
              .expectBody(String.class)
              .returnResult();
      int status = result.getStatus().value();
      String answer = result.getResponseBody() == null ? "" : result.getResponseBody();
      if (status >= 500 || (status < 400 && !validMayPass)) {
        failures.add(method + " " + uri + " " + abbreviate(body) + " -> " + status);
      }
      for (String leak : LEAKS) {
        if (answer.contains(leak)) {
          failures.add(method + " " + uri + " leaked '" + leak + "': " + abbreviate(answer));
        }
      }
    }

    /** What went wrong so far; empty when every answer was a clean 4xx. */
    public List<String> failures() {
      return List.copyOf(failures);
    }

    private static String abbreviate(String s) {
      return s == null ? "-" : s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
  }
}
