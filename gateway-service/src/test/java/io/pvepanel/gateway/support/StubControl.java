package io.pvepanel.gateway.support;

import com.nimbusds.jwt.SignedJWT;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * ({@code server.access}, {@code operation.progress}, {@code console.redeem}) over WebSocket on a
 * random port. Ownership: user {@code 1} owns servers 101 and 103, user {@code 2} owns 201, admins
 * see everything. Console sessions are created from the Proxmox simulator's termproxy and can be
 * redeemed once.
 */
public final class StubControl implements AutoCloseable {

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

  /** Opens a termproxy on the simulator (LXC 101) and registers a one-time console session. */
  public String createXtermSession(ProxmoxSimulator sim) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sim.baseUrl() + "/api2/json/nodes/pve1/lxc/101/termproxy"))
                .header("Authorization", sim.apiTokenHeaderValue())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("termproxy: " + res.statusCode() + " " + res.body());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> data =
        (Map<String, Object>)
            JsonMapper.builder().build().readValue(res.body(), Map.class).get("data");
    String user = (String) data.get("user");
    String ticket = (String) data.get("ticket");
    int port = ((Number) data.get("port")).intValue();
    URI base = URI.create(sim.baseUrl());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("serverId", "101");
    answer.put("userId", "1");
    answer.put("console", "xterm");
    answer.put(
        "url",
        "ws://127.0.0.1:"
            + base.getPort()
            + "/api2/json/nodes/pve1/lxc/101/vncwebsocket?port="
            + port
            + "&vncticket="
            + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    answer.put("headers", Map.of("Authorization", sim.apiTokenHeaderValue()));
    answer.put("handshake", user + ":" + ticket + "\n");
    answer.put("tlsFingerprint", null);
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

    final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    final AtomicInteger accessCalls = new AtomicInteger();

    @MessageMapping("server.access")
    Mono<Map<String, Object>> access(Map<String, String> request) {
      accessCalls.incrementAndGet();
      String serverId = request.get("serverId");
      return Mono.fromCallable(
          () -> {
            Map<String, Object> claims =
                SignedJWT.parse(request.get("token")).getJWTClaimsSet().getClaims();
            String user = String.valueOf(claims.get("id"));
            boolean admin = String.valueOf(claims.get("roles")).contains("admin");
            boolean allowed = admin || OWNED.getOrDefault(user, Set.of()).contains(serverId);
            return Map.<String, Object>of("allowed", allowed);
          });
    }

    @MessageMapping("console.redeem")
    Mono<Map<String, Object>> redeem(Map<String, String> request) {
      Map<String, Object> answer = sessions.remove(request.get("sessionId"));
      return answer == null
          ? Mono.error(new IllegalStateException("console session not found, used or expired"))
          : Mono.just(answer);
    }

    @MessageMapping("operation.progress")
    Flux<Map<String, Object>> progress(Map<String, String> request) {
      String id = request.get("operationId");
      if (!id.startsWith("op-")) {
        return Flux.error(new IllegalStateException("not found"));
      }
      return Flux.just("queued", "running", "succeeded")
          .map(
              state -> {
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("id", id);
                op.put("serverId", "101");
                op.put("kind", "start");
                op.put("state", state);
                op.put("error", null);
                op.put("startedAt", "2026-01-01T00:00:00Z");
                op.put("finishedAt", state.equals("succeeded") ? "2026-01-01T00:00:01Z" : null);
                return op;
              });
    }
  }
}
