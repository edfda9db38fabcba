package io.pvepanel.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A WebSocket test client: frames sent through a sink, frames received collected as strings. */
public final class WsClient implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One frame as sent: text or binary, any bytes (invalid UTF-8 in a text frame included). */
  public record Frame(boolean binary, byte[] payload) {
    public static Frame text(String text) {
      return new Frame(false, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      String text = new String(payload, 0, Math.min(payload.length, 60), StandardCharsets.UTF_8);
      return (binary ? "binary " : "text ") + payload.length + " bytes: " + text;
    }
  }

  private final Sinks.Many<Frame> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicReference<WebSocketCloseStatus> closeStatus = new AtomicReference<>();
  // the close status is known: received, or the connection ended without one (or never opened)
  private final java.util.concurrent.atomic.AtomicBoolean closeKnown =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean upgraded =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean done =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Disposable connection;

  private final boolean binary;

  private WsClient(String url, String origin, boolean binary) {
    this(url, origin == null ? Map.of() : Map.of("Origin", origin), binary);
  }

  private WsClient(String url, Map<String, String> headers, boolean binary) {
    this.binary = binary;
    WebsocketClientSpec spec =
        WebsocketClientSpec.builder().maxFramePayloadLength(4 * 1024 * 1024).build();
    this.connection =
        HttpClient.create()
            .headers(h -> headers.forEach(h::set))
            .websocket(spec)
            .uri(url)
            .handle(
                (in, out) -> {
                  upgraded.set(true);
                  in.receiveCloseStatus()
                      .doFinally(s -> closeKnown.set(true))
                      .subscribe(closeStatus::set, e -> {});
                  Mono<Void> send =
                      out.sendObject(
                              outbound
                                  .asFlux()
                                  .map(
                                      f ->
                                          f.binary()
                                              ? new BinaryWebSocketFrame(
                                                  Unpooled.wrappedBuffer(f.payload()))
                                              : new TextWebSocketFrame(
                                                  Unpooled.wrappedBuffer(f.payload()))))
                          .then();
                  Mono<Void> receive =
                      in.aggregateFrames(4 * 1024 * 1024)
                          .receiveFrames()
                          .filter(
                              f ->
                                  f instanceof TextWebSocketFrame
                                      || f instanceof BinaryWebSocketFrame)
                          .doOnNext(f -> received.add(f.content().toString(StandardCharsets.UTF_8)))
                          .then();
                  return Mono.firstWithSignal(send.then(Mono.never()), receive);
                })
            .doFinally(s -> done.set(true))
            .subscribe(x -> {}, failure::set);
  }

  public static WsClient connect(String url) {
    return new WsClient(url, (String) null, false);
  }

  public static WsClient connect(String url, String origin) {
    return new WsClient(url, origin, false);
  }

  public static WsClient connectBinary(String url) {
    return new WsClient(url, (String) null, true);
  }

  /** Opens a socket whose upgrade request carries {@code headers} (e.g. X-Forwarded-For). */
  public static WsClient connect(String url, Map<String, String> headers) {
    return new WsClient(url, headers, false);
  }

  public void send(String frame) {
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    send(new Frame(binary, bytes));
  }

  /** Sends one frame as is. */
  public void send(Frame frame) {
    outbound.tryEmitNext(frame);
  }

  public void sendJson(String type, String key, String value) {
    send("{\"type\":\"" + type + "\",\"" + key + "\":\"" + value + "\"}");
  }

  public void auth(String token) {
    sendJson("auth", "token", token);
  }

  public List<String> received() {
    return received;
  }

  public List<JsonNode> frames() {
    return received.stream().map(s -> JSON.readTree(s)).toList();
  }

  public boolean has(String type) {
    return frames().stream().anyMatch(f -> type.equals(f.path("type").asString()));
  }

  public boolean has(String type, String serverId) {
    return frames().stream()
        .anyMatch(
            f ->
                type.equals(f.path("type").asString())
                    && serverId.equals(f.path("serverId").asString()));
  }

  public long count(String type, String serverId) {
    return frames().stream()
        .filter(
            f ->
                type.equals(f.path("type").asString())
                    && serverId.equals(f.path("serverId").asString()))
        .count();
  }

  public JsonNode awaitFrame(String type, Duration within) {
    return awaitFrame(f -> type.equals(f.path("type").asString()), within);
  }

  public JsonNode awaitFrame(Predicate<JsonNode> matching, Duration within) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    Awaitility.await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              frames().stream().filter(matching).findFirst().ifPresent(found::set);
              return found.get() != null;
            });
    return found.get();
  }

  public void awaitText(Predicate<String> matching, Duration within) {
    Awaitility.await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> received.stream().anyMatch(matching));
  }

  public void authenticate(String token) {
    auth(token);
    awaitFrame("auth:ok", Duration.ofSeconds(10));
  }

  public void subscribe(String serverId) {
    sendJson("subscribe:server", "serverId", serverId);
    awaitFrame(
        f ->
            serverId.equals(f.path("serverId").asString())
                && ("subscribed".equals(f.path("type").asString())
                    || "error".equals(f.path("type").asString())),
        Duration.ofSeconds(10));
  }

  /**
   * Waits for the server to close the socket and returns its close code (-1: the connection ended
   * without a close frame, or the upgrade was refused).
   */
  public int awaitClose(Duration within) {
    Awaitility.await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> closeKnown.get() || (done.get() && !upgraded.get()));
    WebSocketCloseStatus status = closeStatus.get();
    return status == null ? -1 : status.code();
  }

  public boolean isClosed() {
    return closeStatus.get() != null || done.get();
  }

  public WebSocketCloseStatus closeStatus() {
    return closeStatus.get();
  }

  public Throwable failure() {
    return failure.get();
  }

  public void assertOpen() {
    assertThat(isClosed()).as("socket open").isFalse();
  }

  @Override
  public void close() {
    outbound.tryEmitComplete();
    connection.dispose();
  }
}
