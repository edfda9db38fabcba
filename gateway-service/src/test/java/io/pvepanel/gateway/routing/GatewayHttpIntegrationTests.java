package io.pvepanel.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.pvepanel.gateway.support.EchoBackend;
import io.pvepanel.testsupport.FreePorts;
import io.pvepanel.testsupport.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the gateway against in-process echo backends: routing, token checks, header
 * hygiene, limits, rate limits, timeouts, CORS and the aggregated API docs.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pvepanel.gateway.live.consume=false",
      "pvepanel.gateway.timeouts.response-ms=1500",
      "pvepanel.gateway.timeouts.control-response-ms=1500",
      "pvepanel.gateway.limits.max-body-size=1KB",
      "pvepanel.gateway.limits.max-header-size=4KB",
      "pvepanel.gateway.rate-limits.general.capacity=20",
      "pvepanel.gateway.rate-limits.general.refill-period=1m",
      "pvepanel.gateway.rate-limits.sensitive.capacity=2",
      "pvepanel.gateway.rate-limits.sensitive.refill-period=1m",
      // the JWT attack list fails often from one address; RateLimitAttackTests tests that limit
      "pvepanel.gateway.rate-limits.failed-authentications.capacity=10000",
      "pvepanel.gateway.cors.allowed-origins=https://panel.example.test",
    })
@AutoConfigureWebTestClient
class GatewayHttpIntegrationTests {

  static final EchoBackend COLLECTOR = new EchoBackend("collector");
  static final EchoBackend CONTROL = new EchoBackend("control");
  static final EchoBackend ALERTING = new EchoBackend("alerting");
  static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestTokens.registerSpringProperties(registry);
    registry.add("pvepanel.gateway.backends.collector", COLLECTOR::url);
    registry.add("pvepanel.gateway.backends.control", CONTROL::url);
    registry.add("pvepanel.gateway.backends.alerting", ALERTING::url);
    // nothing listens there: the dead backend
    registry.add(
        "pvepanel.gateway.backends.notification", () -> "http://127.0.0.1:" + FreePorts.find());
  }

  @AfterAll
  static void stop() {
    COLLECTOR.close();
    CONTROL.close();
    ALERTING.close();
  }

  @Autowired WebTestClient http;

  private JsonNode echo(HttpMethod method, String path, String userId) {
    byte[] body =
        http.method(method)
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(userId))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body);
  }

  static List<Object[]> routes() {
    return List.of(
        new Object[] {"GET", "/api/server/42/status", "collector"},
        new Object[] {"GET", "/api/server/42/metrics", "collector"},
        new Object[] {"GET", "/api/server/my-servers", "control"},
        new Object[] {"GET", "/api/server", "control"},
        new Object[] {"GET", "/api/server/42", "control"},
        new Object[] {"POST", "/api/server/42/control", "control"},
        new Object[] {"GET", "/api/server/42/snapshots", "control"},
        new Object[] {"GET", "/api/server/42/status/extra", "control"},
        new Object[] {"GET", "/api/operations/op-1", "control"},
        new Object[] {"GET", "/api/catalog/plans", "control"},
        new Object[] {"GET", "/api/alerts/rules", "alerting"},
        new Object[] {"GET", "/api/alerts", "alerting"});
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("routes")
  void routesEachPathToItsService(String method, String path, String backend) {
    JsonNode echo = echo(HttpMethod.valueOf(method), path, "100");
    assertThat(echo.path("backend").asString()).isEqualTo(backend);
    assertThat(echo.path("path").asString()).isEqualTo(path);
    assertThat(echo.path("method").asString()).isEqualTo(method);
  }

  @Test
  void relaysTheTokenAndStripsIdentityAndForwardingHeaders() {
    String token = TestTokens.user("101");
    byte[] body =
        http.post()
            .uri("/api/server/42/control?wait=true")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .header("X-User-Id", "9")
            .header("X-User-Admin", "true")
            .header("x-user-email", "evil@example.test")
            .header("X-Forwarded-For", "6.6.6.6")
            .header("X-Forwarded-Host", "evil.example.test")
            .header("X-Forwarded-Proto", "http")
            .header("X-Real-IP", "6.6.6.6")
            .header("Forwarded", "for=6.6.6.6;host=evil")
            .header("X-Request-Id", "abc")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"action\":\"start\"}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode echo = JSON.readTree(body);
    JsonNode headers = echo.path("headers");
    assertThat(headers.path("authorization").get(0).asString()).isEqualTo("Bearer " + token);
    assertThat(headers.propertyNames())
        .noneMatch(n -> n.startsWith("x-user-"))
        .noneMatch(n -> n.startsWith("x-forwarded-"))
        .doesNotContain("forwarded", "x-real-ip")
        .contains("x-request-id");
    assertThat(echo.path("query").asString()).isEqualTo("wait=true");
    assertThat(echo.path("body").asString()).isEqualTo("{\"action\":\"start\"}");
  }

  static List<Object[]> badTokens() throws Exception {
    Instant now = Instant.now();
    byte[] secret = TestTokens.SECRET.getBytes(StandardCharsets.UTF_8);
    JWTClaimsSet valid =
        new JWTClaimsSet.Builder()
            .claim("id", 7)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .build();
    String none = new PlainJWT(valid).serialize();
    // a signed token whose header was swapped to alg none, signature dropped
    String[] parts = sign(new JWSHeader(JWSAlgorithm.HS256), valid, secret).split("\\.");
    String noneSwapped =
        Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString() + "." + parts[1] + ".";
    String hs512 =
        sign(
            new JWSHeader(JWSAlgorithm.HS512),
            valid,
            (TestTokens.SECRET + TestTokens.SECRET).getBytes(StandardCharsets.UTF_8));
    String jku =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .jwkURL(URI.create("https://evil.example.test/jwks"))
                .build(),
            valid,
            secret);
    String x5u =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .x509CertURL(URI.create("https://evil.example.test/cert"))
                .build(),
            valid,
            secret);
    String oddKid =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("../../etc/passwd").build(),
            valid,
            secret);
    String sqlKid =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("x' UNION SELECT 'key").build(),
            valid,
            secret);
    String expired =
        sign(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .claim("id", 7)
                .expirationTime(Date.from(now.minusSeconds(120)))
                .build(),
            secret);
    String notYetValid =
        sign(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .claim("id", 7)
                .notBeforeTime(Date.from(now.plusSeconds(600)))
                .expirationTime(Date.from(now.plusSeconds(1200)))
                .build(),
            secret);
    String noExp =
        sign(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder().claim("id", 7).build(),
            secret);
    String wrongSecret =
        sign(
            new JWSHeader(JWSAlgorithm.HS256),
            valid,
            "another-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8));
    String tampered =
        parts[0]
            + "."
            + Base64URL.encode(
                "{\"id\":1,\"roles\":[\"admin\"],\"exp\":" + (now.getEpochSecond() + 600) + "}")
            + "."
            + parts[2];
    return List.of(
        new Object[] {"alg none", none},
        new Object[] {"alg swapped to none", noneSwapped},
        new Object[] {"HS512", hs512},
        new Object[] {"jku header", jku},
        new Object[] {"x5u header", x5u},
        new Object[] {"odd kid (path)", oddKid},
        new Object[] {"odd kid (sql)", sqlKid},
        new Object[] {"expired", expired},
        new Object[] {"nbf in the future", notYetValid},
        new Object[] {"no exp", noExp},
        new Object[] {"wrong secret", wrongSecret},
        new Object[] {"tampered claims", tampered},
        new Object[] {"garbage", "not.a.token"});
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, byte[] secret) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void refusesBadTokensWith401AndForwardsNothing(String name, String token) {
    int before = CONTROL.requests() + COLLECTOR.requests();
    http.get()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(401);
    assertThat(CONTROL.requests() + COLLECTOR.requests()).isEqualTo(before);
  }

  @Test
  void refusesMissingTokenOnEveryApiPrefix() {
    int before = CONTROL.requests() + COLLECTOR.requests() + ALERTING.requests();
    for (String path :
        List.of(
            "/api/server/1/status",
            "/api/server/my-servers",
            "/api/operations/x",
            "/api/catalog/plans",
            "/api/alerts",
            "/api/notifications/settings")) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    assertThat(CONTROL.requests() + COLLECTOR.requests() + ALERTING.requests()).isEqualTo(before);
  }

  @Test
  void oversizedBodyIs413AndNotForwarded() {
    int before = CONTROL.requests();
    http.post()
        .uri("/api/server/create")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("102"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"hostname\":\"" + "a".repeat(2000) + "\"}")
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(413);
    assertThat(CONTROL.requests()).isEqualTo(before);
  }

  @Test
  void chunkedBodyGrowingPastTheLimitIs413() {
    http.post()
        .uri("/api/server/create")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("102"))
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Flux.just("{\"hostname\":\"" + "a".repeat(800), "b".repeat(800) + "\"}"), String.class)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void oversizedHeadersAre431() {
    http.get()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("103"))
        .header("X-Padding", "p".repeat(5000))
        .exchange()
        .expectStatus()
        .isEqualTo(431)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void rateLimitsPerUserWithRetryAfter() {
    String token = TestTokens.user("104");
    int ok = 0;
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 25; i++) {
      var result =
          http.get()
              .uri("/api/server/my-servers")
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
              .exchange()
              .returnResult(String.class);
      if (result.getStatus().value() == 429) {
        limited++;
        retryAfter = result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(result.getResponseHeaders().getContentType())
            .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      } else {
        ok++;
      }
    }
    assertThat(ok).isEqualTo(20);
    assertThat(limited).isEqualTo(5);
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);
    // another user is not affected
    echo(HttpMethod.GET, "/api/server/my-servers", "105");
  }

  @Test
  void createAndChangePasswordHaveATighterLimit() {
    for (String path : List.of("/api/server/create", "/api/server/42/change-password")) {
      String token = TestTokens.user(path.contains("create") ? "106" : "107");
      for (int i = 0; i < 2; i++) {
        http.post()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .exchange()
            .expectStatus()
            .isOk();
      }
      http.post()
          .uri(path)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .exchange()
          .expectStatus()
          .isEqualTo(429)
          .expectHeader()
          .exists(HttpHeaders.RETRY_AFTER);
      // other requests of that user still pass
      http.get()
          .uri("/api/server/my-servers")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .exchange()
          .expectStatus()
          .isOk();
    }
  }

  @Test
  void deadBackendIs503ProblemJson() {
    http.get()
        .uri("/api/notifications/settings")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("108"))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(503)
        .jsonPath("$.trace")
        .doesNotExist();
  }

  @Test
  void slowBackendIs504ProblemJson() {
    http.get()
        .uri("/api/server/42/slow")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("109"))
        .exchange()
        .expectStatus()
        .isEqualTo(504)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(504);
  }

  @Test
  void unknownPathIs404ProblemJson() {
    http.get()
        .uri("/api/nothing-here")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("110"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void corsAllowsConfiguredOriginsOnly() {
    http.options()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.ORIGIN, "https://panel.example.test")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://panel.example.test");
    http.options()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.ORIGIN, "https://evil.example.test")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    http.get()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("111"))
        .header(HttpHeaders.ORIGIN, "https://panel.example.test")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://panel.example.test");
    http.get()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("111"))
        .header(HttpHeaders.ORIGIN, "https://evil.example.test")
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void aggregatesTheServicesApiDocsPublicly() {
    byte[] body =
        http.get()
            .uri("/openapi/control")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode echo = JSON.readTree(body);
    assertThat(echo.path("backend").asString()).isEqualTo("control");
    assertThat(echo.path("path").asString()).isEqualTo("/v3/api-docs");
    http.get()
        .uri("/openapi/collector")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.backend")
        .isEqualTo("collector");
    byte[] config =
        http.get()
            .uri("/v3/api-docs/swagger-config")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode swagger = JSON.readTree(config);
    assertThat(swagger.path("urls").findValuesAsString("url"))
        .contains(
            "/openapi/control", "/openapi/collector", "/openapi/alerting", "/openapi/notification");
    http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }

  // the probes answer on the management port only: ManagementPortAttackTests
}
