package io.pvepanel.control.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.rsocket.ConsoleFrame;
import io.pvepanel.rsocket.OperationAccessAnswer;
import io.pvepanel.rsocket.OperationAccessRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.testsupport.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
    requester = connect(builder, port, TestTokens.SERVICE_TOKEN);
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
  void answersAnOperationsStateOnlyToWhoMayFollowIt() {
    String owner = "63";
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.qemu("pve2", 201), false);
    String id = TestServers.insert(servers, owner, 201, "pve2", "stopped");
    String operationId =
        (String)
            http.post()
                .uri("/api/server/{id}/start", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
    OperationAccessAnswer answer = operation(TestTokens.user(owner), operationId).block(BOUND);
    assertThat(answer.id()).isEqualTo(operationId);
    assertThat(answer.serverId()).isEqualTo(id);
    assertThat(answer.kind()).isEqualTo("start");
    assertThat(answer.state()).isIn("queued", "running", "succeeded");
    assertThat(answer.startedAt()).isNotNull();
    assertThat(operation(TestTokens.admin("901"), operationId).block(BOUND).id())
        .isEqualTo(operationId);

    // foreign, unknown and a bad token: the same refusal
    for (var refused :
        List.of(
            operation(TestTokens.user("64"), operationId),
            operation(TestTokens.user(owner), "00000000-0000-0000-0000-000000000000"),
            operation("not-a-token", operationId),
            operation("", operationId))) {
      StepVerifier.create(refused)
          .expectErrorMatches(e -> Routes.OPERATION_REFUSED.equals(e.getMessage()))
          .verify(BOUND);
    }
  }

  private Mono<OperationAccessAnswer> operation(String token, String operationId) {
    return requester
        .route(Routes.OPERATION_ACCESS)
        .data(new OperationAccessRequest(token, operationId))
        .retrieveMono(OperationAccessAnswer.class);
  }

  @Test
  void aConsoleSessionIsOpenedOnceForItsUserAndReachesTheContainersShell() {
    String owner = "65";
    String id = TestServers.insert(servers, owner, 101, "pve1", "running");
    String sessionId = openSession(http, owner, id);

    AtomicReference<ConsoleFrame> opened = new AtomicReference<>();
    String output =
        relay(requester, sessionId, TestTokens.user(owner), "0:9:hostname\n")
            .doOnNext(f -> opened.compareAndSet(null, f))
            .filter(f -> f.data() != null)
            .map(f -> new String(f.data(), StandardCharsets.UTF_8))
            .scan(String::concat)
            // the container's getty (pve-container cmode tty, the default): its login prompt
            .takeUntil(s -> s.contains("web01 login: "))
            .last()
            .block(BOUND);
    assertThat(opened.get().serverId()).isEqualTo(id);
    assertThat(opened.get().ownerId()).isEqualTo(owner);
    // the control service sent the termproxy line and consumed Proxmox' OK
    assertThat(output).doesNotStartWith("OK").contains("web01");

    StepVerifier.create(relay(requester, sessionId, TestTokens.user(owner)))
        .expectErrorMatches(e -> Routes.CONSOLE_REFUSED.equals(e.getMessage()))
        .verify(BOUND);
  }

  /** The session id from {@code POST /api/server/{id}/console} as {@code owner}. */
  @SuppressWarnings("unchecked")
  static String openSession(WebTestClient http, String owner, String serverId) {
    Map<String, Object> session =
        http.post()
            .uri("/api/server/{id}/console", serverId)
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
    return sessionId;
  }

  /** {@code console.relay}: opens the session with {@code token}, then sends {@code keys}. */
  static Flux<ConsoleFrame> relay(
      RSocketRequester requester, String sessionId, String token, String... keys) {
    Flux<ConsoleFrame> frames =
        Flux.concat(
            Mono.just(ConsoleFrame.open(sessionId, token)),
            Flux.fromArray(keys)
                .map(k -> ConsoleFrame.data(true, k.getBytes(StandardCharsets.UTF_8)))
                .delaySubscription(Duration.ofMillis(300)),
            Flux.never());
    return requester
        .route(Routes.CONSOLE_RELAY)
        .data(frames, ConsoleFrame.class)
        .retrieveFlux(ConsoleFrame.class);
  }

  /** A requester presenting the service token, as the gateway does. */
  static RSocketRequester connect(RSocketRequester.Builder builder, int port, String serviceToken) {
    return builder
        .setupMetadata(
            serviceToken.getBytes(StandardCharsets.UTF_8),
            MimeType.valueOf(Routes.SERVICE_TOKEN_MIME_TYPE))
        .websocket(URI.create("ws://127.0.0.1:" + port + "/rsocket"));
  }

  @Test
  void aStrangerCannotOpenAConsole() {
    String id = TestServers.insert(servers, "66", 103, "pve1", "running");
    http.post()
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
