package io.pvepanel.gateway.support;

import com.nimbusds.jwt.SignedJWT;
import io.pvepanel.rsocket.ConsoleFrame;
import io.pvepanel.rsocket.OperationAccessAnswer;
import io.pvepanel.rsocket.OperationAccessRequest;
import io.pvepanel.rsocket.ProviderKeyAnswer;
import io.pvepanel.rsocket.ProviderKeyRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.rsocket.core.RSocketServer;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import java.nio.charset.StandardCharsets;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process stand-in for the control service's RSocket side, speaking exactly its contract
 * ({@code server.access}, {@code operation.access}, {@code console.relay}) over WebSocket on a
 * random port, recording the service token of each connection. Ownership: user {@code 1} owns
 * servers 101 and 103, user {@code 2} owns 201, admins see everything; a test may hand any other
 * server to someone ({@link #handOver}). Console sessions are registered by the test; an open one
 * echoes (the control service's side with Proxmox is tested there).
 */
public final class StubControl implements AutoCloseable {

  static final String STARTED = "2026-01-01T00:00:00Z";

  public static final Map<String, Set<String>> OWNED =
      Map.of("1", Set.of("101", "103"), "2", Set.of("201"));

  record StubConsole(String serverId, String ownerId, String userId) {}

  private final CloseableChannel channel;
  private final Set<String> serviceTokens = ConcurrentHashMap.newKeySet();
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
            .interceptors(
                r ->
                    r.forSocketAcceptor(
                        delegate ->
                            (setup, socket) -> {
                              recordServiceToken(setup);
                              return delegate.accept(setup, socket);
                            }))
            .bind(WebsocketServerTransport.create("127.0.0.1", 0))
            .block(Duration.ofSeconds(10));
  }

  private void recordServiceToken(io.rsocket.ConnectionSetupPayload setup) {
    if (setup.hasMetadata()) {
      for (CompositeMetadata.Entry e : new CompositeMetadata(setup.sliceMetadata(), false)) {
        if (Routes.SERVICE_TOKEN_MIME_TYPE.equals(e.getMimeType())) {
          serviceTokens.add(e.getContent().toString(StandardCharsets.UTF_8));
        }
      }
    }
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
   * Registers a one-time console session of {@code userId} on {@code serverId} (owned by {@code
   * ownerId}). Opened by that user's token only, it answers {@code opened}, then the text {@code
   * root@web01:~# }, then echoes every message it receives.
   */
  public String putConsole(String serverId, String ownerId, String userId) {
    String id = UUID.randomUUID().toString().replace("-", "");
    handler.consoles.put(id, new StubConsole(serverId, ownerId, userId));
    return id;
  }

  /** Registers a provider key {@code provider.key} confirms, with its scopes' wire names. */
  public void putProviderKey(String key, String name, String... scopes) {
    handler.providerKeys.put(
        key, new ProviderKeyAnswer(true, "id-" + name, name, List.of(scopes), null));
  }

  /** Revokes a registered provider key. */
  public void revokeProviderKey(String key) {
    handler.providerKeys.remove(key);
  }

  public int providerKeyCalls() {
    return handler.providerKeyCalls.get();
  }

  /**
   * From now on {@code serverId} belongs to {@code ownerId} alone ({@code null}: to nobody, as if
   * deleted). Use server ids of your own: the stub is shared by the test classes of a JVM.
   */
  public void handOver(String serverId, String ownerId) {
    handler.owners.put(serverId, ownerId == null ? "" : ownerId);
  }

  /** The service tokens the gateway's connections presented in their SETUP. */
  public Set<String> serviceTokens() {
    return serviceTokens;
  }

  @Override
  public void close() {
    channel.dispose();
  }

  @Controller
  static class Handler {

    final Map<String, StubConsole> consoles = new ConcurrentHashMap<>();
    final AtomicInteger accessCalls = new AtomicInteger();
    final AtomicInteger operationCalls = new AtomicInteger();
    final Map<String, OperationAccessAnswer> operations = new ConcurrentHashMap<>();
    final Map<String, ProviderKeyAnswer> providerKeys = new ConcurrentHashMap<>();
    final AtomicInteger providerKeyCalls = new AtomicInteger();

    @MessageMapping(Routes.PROVIDER_KEY)
    Mono<ProviderKeyAnswer> providerKey(ProviderKeyRequest request) {
      providerKeyCalls.incrementAndGet();
      return Mono.just(providerKeys.getOrDefault(request.key(), ProviderKeyAnswer.invalid()));
    }

    // servers handed over by a test: id -> owner ("" = nobody)
    final Map<String, String> owners = new ConcurrentHashMap<>();

    @MessageMapping(Routes.SERVER_ACCESS)
    Mono<ServerAccessAnswer> access(ServerAccessRequest request) {
      accessCalls.incrementAndGet();
      return Mono.fromCallable(
          () -> new ServerAccessAnswer(visible(request.token(), request.serverId())));
    }

    @MessageMapping(Routes.CONSOLE_RELAY)
    Flux<ConsoleFrame> console(Flux<ConsoleFrame> frames) {
      return frames.switchOnFirst(
          (first, all) -> {
            ConsoleFrame open = first.get();
            StubConsole c = open == null ? null : consoles.get(open.sessionId());
            String user;
            try {
              user = String.valueOf(SignedJWT.parse(open.token()).getJWTClaimsSet().getClaim("id"));
            } catch (Exception e) {
              user = null;
            }
            if (c == null || !c.userId().equals(user) || !consoles.remove(open.sessionId(), c)) {
              return Flux.error(new IllegalStateException(Routes.CONSOLE_REFUSED));
            }
            return Flux.concat(
                Mono.just(ConsoleFrame.opened(c.serverId(), c.ownerId())),
                Mono.just(
                    ConsoleFrame.data(true, "root@web01:~# ".getBytes(StandardCharsets.UTF_8))),
                all.skip(1));
          });
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

    boolean visible(String token, String serverId) throws java.text.ParseException {
      Map<String, Object> claims = SignedJWT.parse(token).getJWTClaimsSet().getClaims();
      String user = String.valueOf(claims.get("id"));
      boolean admin = String.valueOf(claims.get("roles")).contains("admin");
      String owner = owners.get(serverId);
      if (owner != null) {
        return admin || owner.equals(user);
      }
      return admin || OWNED.getOrDefault(user, Set.of()).contains(serverId);
    }
  }
}
