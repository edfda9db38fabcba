package io.pvepanel.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.support.RawWsClient;
import io.pvepanel.gateway.support.StubControl;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.testsupport.FreePorts;
import io.pvepanel.testsupport.TestTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #13, the in-band half of hole 6 (docs/security.md): a refused {@code auth} frame on the
 * live channel or a console counts against the client address's budget of failed authentications
 * like a 401 of the HTTP API, and an address over its budget has its WebSocket upgrades refused
 * (429) before any token is read. The gateway's TCP peer (this test, 127.0.0.1) is a trusted proxy,
 * so each test speaks for addresses of its own through {@code X-Forwarded-For}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pvepanel.gateway.live.consume=false",
      "pvepanel.gateway.trusted-proxies=127.0.0.1/32",
      "pvepanel.gateway.rate-limits.failed-authentications.capacity=3",
      "pvepanel.gateway.rate-limits.failed-authentications.refill-period=10m",
      "pvepanel.gateway.live.auth-timeout=5s",
      "pvepanel.gateway.console.auth-timeout=5s"
    })
class InBandAuthenticationAttackTests {

  static final Duration T = Duration.ofSeconds(10);
  static final StubControl control = new StubControl();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestTokens.registerSpringProperties(registry);
    String dead = "http://127.0.0.1:" + FreePorts.find();
    registry.add("pvepanel.gateway.backends.collector", () -> dead);
    registry.add("pvepanel.gateway.backends.control", () -> dead);
    registry.add("pvepanel.gateway.backends.alerting", () -> dead);
    registry.add("pvepanel.gateway.backends.notification", () -> dead);
    registry.add("pvepanel.gateway.backends.control-rsocket", control::url);
  }

  @AfterAll
  static void stop() {
    control.close();
  }

  @LocalServerPort int port;

  @Test
  void refusedLiveAuthFramesUseUpTheAddressesBudgetAndItsUpgradesAreRefused() throws IOException {
    String from = "203.0.113.70";
    // an invalid token, a first frame that is not auth, a refused renewal
    try (WsClient ws = live(from)) {
      ws.auth("not.a.token");
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
    }
    try (WsClient ws = live(from)) {
      ws.send("{\"type\":\"ping\"}");
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
    }
    try (WsClient ws = live(from)) {
      ws.authenticate(TestTokens.user("1"));
      ws.auth("still.not.a.token");
      ws.awaitFrame(
          f ->
              "error".equals(f.path("type").asString())
                  && "invalid-token".equals(f.path("code").asString()),
          T);
      ws.assertOpen();
    }
    // over budget: refused before the upgrade, whatever token would follow
    assertThat(upgrade("/ws", from)).startsWith("HTTP/1.1 429").contains("Retry-After");
    assertThat(upgrade("/ws/console/abcdefgh12345678", from)).startsWith("HTTP/1.1 429");
    // other addresses are not affected
    String other = "203.0.113.71";
    assertThat(upgrade("/ws", other)).startsWith("HTTP/1.1 101");
    try (WsClient ws = live(other)) {
      ws.authenticate(TestTokens.user("1"));
    }
  }

  @Test
  void refusedConsoleAuthFramesUseUpTheAddressesBudget() throws IOException {
    String from = "203.0.113.72";
    String session = control.putConsole("101", "1", "1");
    // a first frame that is not auth
    try (WsClient ws = console(session, from)) {
      ws.send("0:9:hostname\n");
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
    }
    // another user's token on a real session (guessing session ids looks like this)
    try (WsClient ws = console(session, from)) {
      ws.send(auth(TestTokens.user("2")));
      assertThat(ws.awaitClose(T)).isEqualTo(4404);
    }
    // a session id that cannot be one
    try (WsClient ws = console("x", from)) {
      ws.send(auth(TestTokens.user("1")));
      assertThat(ws.awaitClose(T)).isEqualTo(4404);
    }
    assertThat(upgrade("/ws/console/" + session, from)).startsWith("HTTP/1.1 429");
    assertThat(upgrade("/ws", from)).startsWith("HTTP/1.1 429");
    // the owner, from elsewhere, still opens the session
    try (WsClient owner = console(session, "203.0.113.73")) {
      owner.send(auth(TestTokens.user("1")));
      owner.awaitText(s -> s.contains("root@web01"), T);
    }
  }

  private WsClient live(String from) {
    return WsClient.connect("ws://127.0.0.1:" + port + "/ws", Map.of("X-Forwarded-For", from));
  }

  private WsClient console(String session, String from) {
    return WsClient.connect(
        "ws://127.0.0.1:" + port + "/ws/console/" + session, Map.of("X-Forwarded-For", from));
  }

  private String upgrade(String path, String from) throws IOException {
    return RawWsClient.upgradeAnswer(port, path, Map.of("X-Forwarded-For", from));
  }

  private static String auth(String token) {
    return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }
}
