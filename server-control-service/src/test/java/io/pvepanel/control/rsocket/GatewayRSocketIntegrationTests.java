package io.pvepanel.control.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.testsupport.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.test.StepVerifier;

/** The gateway's RSocket contract, spoken over a real WebSocket transport. */
class GatewayRSocketIntegrationTests extends ControlIntegrationTest {

  static final Duration BOUND = Duration.ofSeconds(15);

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;
  @Autowired io.pvepanel.proxmox.client.ProxmoxClusters clusters;
  @Autowired RSocketRequester.Builder builder;
  @LocalServerPort int port;
  RSocketRequester requester;

  @BeforeEach
  void connect() {
    requester = builder.websocket(URI.create("ws://127.0.0.1:" + port + "/rsocket"));
  }

  @AfterEach
  void disconnect() {
    requester.dispose();
  }

  @Test
  void answersWhetherAUserMayWatchAServer() {
    String id = TestServers.insert(servers, "61", 102, "pve2", "stopped");
    assertThat(allowed(TestTokens.user("61"), id)).isTrue();
    assertThat(allowed(TestTokens.user("62"), id)).isFalse();
    assertThat(allowed(TestTokens.admin("900"), id)).isTrue();
    assertThat(allowed("not-a-token", id)).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aConsoleSessionIsRedeemedOnceAndReachesTheContainersShell() {
    String owner = "65";
    String id = TestServers.insert(servers, owner, 101, "pve1", "running");
    Map<String, Object> session =
        http.get()
            .uri("/api/server/{id}/console", id)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(session.get("console")).isEqualTo("xterm");
    String sessionId = (String) session.get("sessionId");
    assertThat((String) session.get("url")).isEqualTo("/ws/console/" + sessionId);

    Map<String, Object> target =
        requester
            .route("console.redeem")
            .data(Map.of("sessionId", sessionId))
            .retrieveMono(new ParameterizedTypeReference<Map<String, Object>>() {})
            .block(BOUND);
    assertThat(target.get("serverId")).isEqualTo(id);
    assertThat((String) target.get("url")).contains("/vncwebsocket?port=");
    Map<String, String> headers = (Map<String, String>) target.get("headers");
    String handshake = (String) target.get("handshake");

    // The relay's job, done by hand: authenticate with the handshake, type, read the output.
    String output =
        HttpClient.create()
            .headers(h -> headers.forEach(h::set))
            .websocket(WebsocketClientSpec.builder().protocols("binary").build())
            .uri((String) target.get("url"))
            .handle(
                (in, out) ->
                    out.sendString(
                            Flux.just(handshake, "0:9:hostname\n")
                                .delayElements(Duration.ofMillis(100)))
                        .then()
                        .thenMany(
                            in.receive()
                                .asString(StandardCharsets.UTF_8)
                                .scan(String::concat)
                                .takeUntil(s -> s.contains("web01"))
                                .last()
                                .flux()))
            .next()
            .block(BOUND);
    assertThat(output).startsWith("OK").contains("web01");

    StepVerifier.create(
            requester
                .route("console.redeem")
                .data(Map.of("sessionId", sessionId))
                .retrieveMono(Map.class))
        .expectErrorMatches(e -> e.getMessage().contains("not found, used or expired"))
        .verify(BOUND);
  }

  @Test
  void aStrangerCannotOpenAConsole() {
    String id = TestServers.insert(servers, "66", 103, "pve1", "running");
    http.get()
        .uri("/api/server/{id}/console", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("67"))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  private boolean allowed(String token, String serverId) {
    return Boolean.TRUE.equals(
        requester
            .route("server.access")
            .data(Map.of("token", token, "serverId", serverId))
            .retrieveMono(new ParameterizedTypeReference<Map<String, Object>>() {})
            .map(m -> m.get("allowed"))
            .block(BOUND));
  }
}
