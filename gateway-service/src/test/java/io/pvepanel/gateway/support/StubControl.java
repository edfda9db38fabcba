package io.pvepanel.gateway.support;

import com.nimbusds.jwt.SignedJWT;
import io.pvepanel.proxmox.client.ConsoleTicket;
import io.pvepanel.proxmox.client.ConsoleWebSocketTarget;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusterProperties;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.rsocket.ConsoleRedeemAnswer;
import io.pvepanel.rsocket.ConsoleRedeemRequest;
import io.pvepanel.rsocket.OperationAccessAnswer;
import io.pvepanel.rsocket.OperationAccessRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.messaging.rsocket.annotation.support.RSocketMessageHandler;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process stand-in for the control service's RSocket side, speaking exactly its contract
 * ({@code server.access}, {@code operation.access}, {@code console.redeem}) over WebSocket on a
 * random port. Ownership: user {@code 1} owns servers 101 and 103, user {@code 2} owns 201, admins
 * see everything. Console sessions are created from the Proxmox simulator's termproxy and can be
 * redeemed once.
 */
public final class StubControl implements AutoCloseable {

  static final String STARTED = "2026-01-01T00:00:00Z";

  public static final Map<String, Set<String>> OWNED =
      Map.of("1", Set.of("101", "103"), "2", Set.of("201"));

  private final CloseableChannel channel;
  private final Handler handler = new Handler();

  public StubControl() {
    JsonMapper mapper = JsonMapper.builder().build();
    RSocketStrategies strategies =
        RSocketStrategies.builder()
            .encoders(e -> e.add(new JacksonJsonEncoder(mapper)))
            .decoders(d -> d.add(new JacksonJsonDecoder(mapper)))
            .build();
    RSocketMessageHandler messageHandler = new RSocketMessageHandler();
    messageHandler.setRSocketStrategies(strategies);
    messageHandler.setHandlers(List.of(handler));
    messageHandler.afterPropertiesSet();
    this.channel =
        RSocketServer.create(messageHandler.responder())
            .bind(WebsocketServerTransport.create("127.0.0.1", 0))
            .block(Duration.ofSeconds(10));
  }

  public String url() {
    return "ws://127.0.0.1:" + channel.address().getPort() + "/rsocket";
  }

  public int accessCalls() {
    return handler.accessCalls.get();
  }

  public int operationCalls() {
    return handler.operationCalls.get();
  }

  /**
   * Registers an operation {@code operation.access} answers with (to whoever may see {@code
   * serverId}). Unregistered ids starting with {@code op-} are a queued start on server 101; any
   * other id is unknown.
   */
  public void putOperation(String operationId, String serverId, String state) {
    handler.operations.put(
        operationId,
        new OperationAccessAnswer(
            operationId, serverId, "start", state, null, Instant.parse(STARTED), null));
  }

  /**
   * Opens a termproxy on the simulator (LXC 101) over plain HTTP and registers a one-time console
   * session.
   */
  public String createXtermSession(ProxmoxSimulator sim) {
    return createXtermSession(sim, null, null);
  }

  /**
   * Opens a termproxy on the simulator (LXC 101) and registers a one-time console session, resolved
   * as the control service resolves it: through proxmox-client-lib configured with {@code
   * tlsFingerprint} or {@code caFile} (for an HTTPS simulator), the answer carrying the client's
   * trust.
   */
  public String createXtermSession(ProxmoxSimulator sim, String tlsFingerprint, String caFile) {
    ProxmoxClusterProperties cluster =
        new ProxmoxClusterProperties(
            "stub",
            sim.baseUrl(),
            sim.tokenId() + "=" + sim.tokenSecret(),
            null,
            null,
            tlsFingerprint,
            caFile,
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    GuestRef ref = GuestRef.lxc("pve1", 101);
    try (ProxmoxClient client = ProxmoxClient.builder(cluster).build()) {
      ConsoleTicket ticket = client.termproxy(ref).block(Duration.ofSeconds(10));
      ConsoleWebSocketTarget target =
          client.consoleWebSocket(ref, ticket).block(Duration.ofSeconds(10));
      ConsoleRedeemAnswer answer =
          new ConsoleRedeemAnswer(
              "101",
              "1",
              "xterm",
              target.uri().toString(),
              target.headers(),
              ticket.termproxyHandshake(),
              client.trust().fingerprint(),
              client.trust().caCertificates());
      String id = UUID.randomUUID().toString().replace("-", "");
      handler.sessions.put(id, answer);
      return id;
    }
  }

  /** Removes a registered session and returns its answer. */
  public ConsoleRedeemAnswer takeSession(String sessionId) {
    return handler.sessions.remove(sessionId);
  }

  /** Registers a console session with a ready answer. */
  public String putSession(ConsoleRedeemAnswer answer) {
    String id = UUID.randomUUID().toString().replace("-", "");
    handler.sessions.put(id, answer);
    return id;
  }

  @Override
  public void close() {
    channel.dispose();
  }

  @Controller
  static class Handler {

    final Map<String, ConsoleRedeemAnswer> sessions = new ConcurrentHashMap<>();
    final AtomicInteger accessCalls = new AtomicInteger();
    final AtomicInteger operationCalls = new AtomicInteger();
    final Map<String, OperationAccessAnswer> operations = new ConcurrentHashMap<>();

    @MessageMapping(Routes.SERVER_ACCESS)
    Mono<ServerAccessAnswer> access(ServerAccessRequest request) {
      accessCalls.incrementAndGet();
      return Mono.fromCallable(
          () -> new ServerAccessAnswer(visible(request.token(), request.serverId())));
    }

    @MessageMapping(Routes.CONSOLE_REDEEM)
    Mono<ConsoleRedeemAnswer> redeem(ConsoleRedeemRequest request) {
      ConsoleRedeemAnswer answer = sessions.remove(request.sessionId());
      return answer == null
          ? Mono.error(new IllegalStateException(Routes.CONSOLE_REFUSED))
          : Mono.just(answer);
    }

    @MessageMapping(Routes.OPERATION_ACCESS)
    Mono<OperationAccessAnswer> operation(OperationAccessRequest request) {
      operationCalls.incrementAndGet();
      String id = request.operationId();
      return Mono.fromCallable(
          () -> {
            OperationAccessAnswer op =
                operations.getOrDefault(
                    id,
                    id.startsWith("op-")
                        ? new OperationAccessAnswer(
                            id, "101", "start", "queued", null, Instant.parse(STARTED), null)
                        : null);
            if (op == null || !visible(request.token(), op.serverId())) {
              throw new IllegalArgumentException(Routes.OPERATION_REFUSED);
            }
            return op;
          });
    }

    static boolean visible(String token, String serverId) throws java.text.ParseException {
      Map<String, Object> claims = SignedJWT.parse(token).getJWTClaimsSet().getClaims();
      String user = String.valueOf(claims.get("id"));
      boolean admin = String.valueOf(claims.get("roles")).contains("admin");
      return admin || OWNED.getOrDefault(user, Set.of()).contains(serverId);
    }
  }
}
