package io.pvepanel.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's {@code /ws} live channel as a browser tab uses it (Reactor Netty WebSocket client):
 * frames to send go through a sink, every frame received is kept in order for the test to look at.
 */
final class LiveSocket implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);

  private final String name;
  private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
  private final Disposable connection;
  private volatile String closeStatus;

  private LiveSocket(String name, String wsUrl) {
    this.name = name;
    this.connection =
        HttpClient.create()
            .responseTimeout(Duration.ofSeconds(10))
            .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
            .uri(wsUrl)
            .handle(
                (in, out) -> {
                  in.receiveCloseStatus()
                      .subscribe(
                          s -> {
                            closeStatus = s.code() + " " + s.reasonText();
                            log.info("[{}] closed by the gateway: {}", name, closeStatus);
                          });
                  return Mono.when(
                      out.sendString(outbound.asFlux()).then(),
                      in.receive()
                          .asString()
                          .doOnNext(
                              text -> {
                                JsonNode f = Http.JSON.readTree(text);
                                frames.add(f);
                                log.info("[{}] <- {}", name, Http.abbreviate(text));
                              })
                          .then());
                })
            .subscribe(
                v -> {},
                e -> {
                  closeStatus = "error: " + e;
                  log.warn("[{}] socket failed: {}", name, e.toString());
                });
  }

  static LiveSocket open(String name, String gatewayUrl) {
    return new LiveSocket(name, gatewayUrl.replaceFirst("^http", "ws") + "/ws");
  }

  void send(Map<String, ?> frame) {
    String text = Http.JSON.writeValueAsString(frame);
    log.info(
        "[{}] -> {}", name, text.contains("\"token\"") ? frame.get("type") + " {token}" : text);
    Sinks.EmitResult r = outbound.tryEmitNext(text);
    if (r.isFailure()) {
      throw new IllegalStateException("[" + name + "] cannot send " + frame.get("type") + ": " + r);
    }
  }

  /** Every frame received so far, oldest first. */
  List<JsonNode> frames() {
    return List.copyOf(frames);
  }

  /** How many frames have been received (a mark for {@link #framesSince}). */
  int mark() {
    return frames.size();
  }

  List<JsonNode> framesSince(int mark) {
    List<JsonNode> all = frames();
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  /** The first frame received after {@code mark} that matches, or null. */
  JsonNode find(int mark, Predicate<JsonNode> p) {
    return framesSince(mark).stream().filter(p).findFirst().orElse(null);
  }

  String closeStatus() {
    return closeStatus;
  }

  static Predicate<JsonNode> type(String type) {
    return f -> type.equals(f.path("type").asString());
  }

  static Predicate<JsonNode> forServer(String type, String serverId) {
    return type(type).and(f -> serverId.equals(f.path("serverId").asString()));
  }

  @Override
  public void close() {
    outbound.tryEmitComplete();
    connection.dispose();
  }
}
