package io.pvepanel.control.rsocket;

import static io.pvepanel.control.rsocket.GatewayRSocketIntegrationTests.connect;
import static io.pvepanel.control.rsocket.GatewayRSocketIntegrationTests.openSession;
import static io.pvepanel.control.rsocket.GatewayRSocketIntegrationTests.relay;
import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.pvepanel.testsupport.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * Issue #13, holes 2 and 7, attacked over real sockets: whoever reaches the control service's
 * RSocket endpoint without the service token gets nothing, a console session opens only for the
 * user it was made for, no Proxmox credential ever leaves the service, and {@code GET} cannot open
 * a console.
 */
class GatewayRSocketAttackTests extends ControlIntegrationTest {

  static final Duration BOUND = Duration.ofSeconds(15);

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;
  @Autowired DatabaseClient db;
  @Autowired RSocketRequester.Builder builder;
  @LocalServerPort int port;

  @Test
  void aConnectionWithoutTheServiceTokenIsRefused() {
    String id = TestServers.insert(servers, "81", 104, "pve1", "running");
    for (RSocketRequester stranger :
        new RSocketRequester[] {
          builder.websocket(URI.create("ws://127.0.0.1:" + port + "/rsocket")),
          connect(builder, port, "wrong-token-wrong-token-wrong-token-0000")
        }) {
      try {
        StepVerifier.create(
                stranger
                    .route(Routes.SERVER_ACCESS)
                    .data(new ServerAccessRequest(TestTokens.user("81"), id))
                    .retrieveMono(ServerAccessAnswer.class))
            .expectErrorMatches(e -> e.getMessage().contains("service token required"))
            .verify(BOUND);
      } finally {
        stranger.dispose();
      }
    }
  }

  @Test
  void aConsoleSessionOpensOnlyForItsOwnUserAndNoProxmoxCredentialLeaves() {
    String owner = "82";
    String id = TestServers.insert(servers, owner, 101, "pve1", "running");
    String sessionId = openSession(http, owner, id);
    RSocketRequester gateway = connect(builder, port, TestTokens.SERVICE_TOKEN);
    try {
      // another customer who learnt the id, and a bad token: refused, the session stays usable
      for (String token : new String[] {TestTokens.user("83"), "not-a-token", ""}) {
        StepVerifier.create(relay(gateway, sessionId, token))
            .expectErrorMatches(e -> Routes.CONSOLE_REFUSED.equals(e.getMessage()))
            .verify(BOUND);
      }
      // the owner gets the console; the frames carry only console output
      String seen =
          relay(gateway, sessionId, TestTokens.user(owner))
              .map(f -> f + (f.data() == null ? "" : new String(f.data(), StandardCharsets.UTF_8)))
              .scan(String::concat)
              // the container's getty (pve-container cmode tty, the default)
              .takeUntil(s -> s.contains(" login: "))
              .last()
              .block(BOUND);
      assertThat(seen).doesNotContain("PVEAPIToken", "PVEVNC", "vncticket", "Authorization");
      // the route that answered with the panel's API token is gone
      StepVerifier.create(
              gateway
                  .route("console.redeem")
                  .data(Map.of("sessionId", openSession(http, owner, id)))
                  .retrieveMono(Map.class))
          .expectError()
          .verify(BOUND);
    } finally {
      gateway.dispose();
    }
  }

  @Test
  void aSessionOfAServerHandedToSomeoneElseNoLongerOpens() {
    String id = TestServers.insert(servers, "84", 101, "pve1", "running");
    String sessionId = openSession(http, "84", id);
    db.sql("UPDATE servers SET owner_id = '85' WHERE id = :id").bind("id", id).then().block(BOUND);
    RSocketRequester gateway = connect(builder, port, TestTokens.SERVICE_TOKEN);
    try {
      StepVerifier.create(relay(gateway, sessionId, TestTokens.user("84")))
          .expectErrorMatches(e -> Routes.CONSOLE_REFUSED.equals(e.getMessage()))
          .verify(BOUND);
    } finally {
      gateway.dispose();
    }
  }

  @Test
  void getCannotOpenAConsole() {
    String id = TestServers.insert(servers, "86", 101, "pve1", "running");
    http.get()
        .uri("/api/server/{id}/console", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("86"))
        .exchange()
        .expectStatus()
        .isEqualTo(405);
    assertThat(
            db.sql("SELECT COUNT(*) AS n FROM console_sessions WHERE server_id = :id")
                .bind("id", id)
                .map(r -> r.get("n", Long.class))
                .one()
                .block(BOUND))
        .isZero();
  }
}
