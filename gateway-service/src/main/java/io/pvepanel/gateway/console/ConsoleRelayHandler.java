package io.pvepanel.gateway.console;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.control.ConsoleSessionRefusedException;
import io.pvepanel.gateway.control.ControlClient;
import io.pvepanel.proxmox.client.ProxmoxTrust;
import io.pvepanel.rsocket.ConsoleRedeemAnswer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code /ws/console/{session}}: redeems the one-time console session with the control service
 * ({@code console.redeem}) and relays frames both ways between the browser and Proxmox' {@code
 * vncwebsocket} (subprotocol {@code binary}), authenticating upstream with the panel's headers from
 * the answer and trusting the cluster's certificate as the control service's client does (the
 * answer carries the cluster's pin or CA certificates; proxmox-client-lib's {@link ProxmoxTrust}
 * applies them).
 *
 * <p>For {@code xterm} sessions the relay itself sends the termproxy authentication line first and
 * consumes Proxmox' leading {@code OK}: the browser never sees a Proxmox ticket and starts right
 * with terminal output, speaking the termproxy framing ({@code 0:<len>:<data>}, {@code
 * 1:<cols>:<rows>:}, {@code 2}) from then on.
 *
 * <p>Both directions are plain Reactive Streams pipes (no queue of our own): a side that stops
 * reading stops the other side from being read, so nothing grows without bound. Frames are limited
 * to {@code console.max-frame-size}.
 *
 * <p>Close codes: 4404 session not found, used or expired; 4502 Proxmox unreachable or refused the
 * console; 4503 control service unavailable; otherwise the relay ends with 1000 when either side
 * closes.
 */
@Component
public class ConsoleRelayHandler implements WebSocketHandler {

  static final CloseStatus REFUSED =
      new CloseStatus(4404, "console session not found, used or expired");
  static final CloseStatus UPSTREAM_FAILED = new CloseStatus(4502, "console upstream failed");
  static final CloseStatus CONTROL_UNAVAILABLE = new CloseStatus(4503, "console unavailable");

  private static final Logger log = LoggerFactory.getLogger(ConsoleRelayHandler.class);
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_\\-]{8,128}");
  private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_TRUSTS = 64;

  private final ControlClient control;
  private final GatewayProperties.Console config;
  private final HttpClient baseClient;
  private final Map<ProxmoxTrust, HttpClient> secured = new ConcurrentHashMap<>();

  public ConsoleRelayHandler(ControlClient control, GatewayProperties properties) {
    this.control = control;
    this.config = properties.console();
    this.baseClient =
        HttpClient.create(ConnectionProvider.newConnection())
            .option(
                io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) config.connectTimeout().toMillis())
            .responseTimeout(config.connectTimeout());
  }

  @Override
  public Mono<Void> handle(WebSocketSession browser) {
    String path = browser.getHandshakeInfo().getUri().getPath();
    String sessionId = path.substring(path.lastIndexOf('/') + 1);
    if (!SESSION_ID.matcher(sessionId).matches()) {
      return browser.close(REFUSED);
    }
    return control
        .redeem(sessionId)
        .flatMap(
            answer ->
                relay(browser, answer)
                    .then(browser.close(CloseStatus.NORMAL))
                    .onErrorResume(
                        e -> {
                          log.warn("Console relay for {} failed: {}", answer, e.toString());
                          return browser.close(UPSTREAM_FAILED);
                        }))
        .onErrorResume(ConsoleSessionRefusedException.class, e -> browser.close(REFUSED))
        .onErrorResume(
            e -> {
              log.warn("console.redeem failed: {}", e.toString());
              return browser.close(CONTROL_UNAVAILABLE);
            });
  }

  private Mono<Void> relay(WebSocketSession browser, ConsoleRedeemAnswer answer) {
    URI url = URI.create(answer.url());
    if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
      return Mono.error(new IllegalArgumentException("console url must be ws or wss"));
    }
    HttpClient client;
    try {
      client = clientFor(answer, url);
    } catch (RuntimeException e) {
      return Mono.error(e);
    }
    int maxFrame = (int) config.maxFrameSize().toBytes();
    AtomicBoolean awaitingOk = new AtomicBoolean(answer.xterm() && answer.handshake() != null);
    return client
        .headers(h -> answer.headers().forEach(h::set))
        .websocket(
            WebsocketClientSpec.builder()
                .protocols("binary")
                .maxFramePayloadLength(maxFrame)
                .handlePing(false)
                .build())
        .uri(url)
        .handle(
            (in, out) -> {
              Flux<WebSocketFrame> fromBrowser =
                  browser
                      .receive()
                      .filter(
                          m ->
                              m.getType() == WebSocketMessage.Type.TEXT
                                  || m.getType() == WebSocketMessage.Type.BINARY)
                      .map(ConsoleRelayHandler::toUpstream);
              if (answer.handshake() != null) {
                fromBrowser =
                    Flux.concat(
                        Mono.fromSupplier(() -> new TextWebSocketFrame(answer.handshake())),
                        fromBrowser);
              }
              Mono<Void> up = out.sendObject(fromBrowser).then();
              Flux<WebSocketMessage> toBrowser =
                  in.aggregateFrames(maxFrame)
                      .receiveFrames()
                      .filter(
                          f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                      .map(
                          f ->
                              new Chunk(
                                  f instanceof TextWebSocketFrame,
                                  ByteBufUtil.getBytes(f.content())))
                      .handle(
                          (chunk, sink) -> {
                            byte[] data = chunk.data();
                            if (awaitingOk.getAndSet(false)) {
                              if (!startsWithOk(data)) {
                                sink.error(
                                    new IllegalStateException("termproxy refused the ticket"));
                                return;
                              }
                              data = java.util.Arrays.copyOfRange(data, OK.length, data.length);
                              if (data.length == 0) {
                                return;
                              }
                            }
                            byte[] bytes = data;
                            sink.next(
                                chunk.text()
                                    ? browser.textMessage(new String(bytes, StandardCharsets.UTF_8))
                                    : browser.binaryMessage(f -> f.wrap(bytes)));
                          });
              Mono<Void> down = browser.send(toBrowser);
              return Mono.firstWithSignal(up, down);
            })
        .then();
  }

  private record Chunk(boolean text, byte[] data) {}

  private static boolean startsWithOk(byte[] data) {
    return data.length >= 2 && data[0] == OK[0] && data[1] == OK[1];
  }

  private static WebSocketFrame toUpstream(WebSocketMessage m) {
    byte[] bytes = new byte[m.getPayload().readableByteCount()];
    m.getPayload().read(bytes);
    return m.getType() == WebSocketMessage.Type.TEXT
        ? new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes))
        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
  }

  /**
   * The upstream client for {@code url}: for {@code wss}, secured with the cluster's trust from the
   * answer exactly as proxmox-client-lib secures its own connections ({@link ProxmoxTrust}: pin, CA
   * certificates with host name check, or the JDK's trust store). One client per distinct trust is
   * kept (clusters are few).
   */
  private HttpClient clientFor(ConsoleRedeemAnswer answer, URI url) {
    if (!"wss".equals(url.getScheme())) {
      return baseClient;
    }
    ProxmoxTrust trust = new ProxmoxTrust(answer.tlsFingerprint(), answer.tlsCaCertificates());
    if (secured.size() > MAX_TRUSTS) {
      secured.clear();
    }
    return secured.computeIfAbsent(trust, t -> t.secure(baseClient));
  }
}
