package io.pvepanel.control.console;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.pvepanel.control.ControlProperties;
import io.pvepanel.proxmox.client.ConsoleWebSocketTarget;
import io.pvepanel.proxmox.client.ProxmoxTrust;
import io.pvepanel.rsocket.ConsoleFrame;
import io.pvepanel.security.CurrentUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * The upstream half of a console: redeems a session for its user and relays {@link ConsoleFrame}s
 * between the gateway ({@code console.relay}) and Proxmox' {@code vncwebsocket}, which only this
 * service opens, with the panel's API token, trusting the cluster exactly as its API client does
 * ({@link ProxmoxTrust}). For a container's terminal the relay sends the termproxy line itself and
 * consumes Proxmox' leading {@code OK}, so nothing beyond terminal output reaches the gateway. Both
 * directions are back-pressured streams (no queue of our own).
 */
@Component
public class ConsoleRelay {

  private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

  private final ConsoleSessions sessions;

  /** Largest console message relayed ({@code pvepanel.control.console.max-frame-size}). */
  private final int maxFrame;

  private final HttpClient base;
  private final Map<ProxmoxTrust, HttpClient> secured = new ConcurrentHashMap<>();

  ConsoleRelay(ConsoleSessions sessions, ControlProperties properties) {
    this.sessions = sessions;
    ControlProperties.Console console = properties.console();
    this.maxFrame = (int) console.maxFrameSize().toBytes();
    Duration connectTimeout = console.connectTimeout();
    this.base =
        HttpClient.create(ConnectionProvider.newConnection())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .responseTimeout(connectTimeout);
  }

  /**
   * Opens session {@code sessionId} for {@code user} and relays: the answer starts with {@link
   * ConsoleFrame#opened}, then Proxmox' messages; {@code fromGateway} are the browser's. A session
   * that may not be opened fails with {@link io.pvepanel.web.NotFoundException} before anything is
   * sent.
   */
  public Flux<ConsoleFrame> open(
      String sessionId, CurrentUser user, Flux<ConsoleFrame> fromGateway) {
    return sessions
        .redeem(sessionId, user)
        .flatMapMany(
            target ->
                Flux.concat(
                    Mono.just(ConsoleFrame.opened(target.serverId(), target.ownerId())),
                    relay(target, fromGateway)));
  }

  private Flux<ConsoleFrame> relay(ConsoleSessions.Target target, Flux<ConsoleFrame> fromGateway) {
    ConsoleWebSocketTarget upstream = target.upstream();
    HttpClient client =
        "wss".equals(upstream.uri().getScheme())
            ? secured.computeIfAbsent(target.trust(), t -> t.secure(base))
            : base;
    AtomicBoolean awaitingOk = new AtomicBoolean(target.xterm() && target.handshake() != null);
    return client
        .headers(h -> upstream.headers().forEach(h::set))
        .websocket(
            WebsocketClientSpec.builder()
                .protocols(ConsoleWebSocketTarget.SUBPROTOCOL)
                .maxFramePayloadLength(maxFrame)
                .handlePing(false)
                .build())
        .uri(upstream.uri())
        .handle(
            (in, out) -> {
              Flux<WebSocketFrame> up =
                  fromGateway
                      .filter(f -> f.data() != null)
                      .map(
                          f ->
                              f.text()
                                  ? (WebSocketFrame)
                                      new TextWebSocketFrame(Unpooled.wrappedBuffer(f.data()))
                                  : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(f.data())));
              if (target.handshake() != null) {
                up =
                    Flux.concat(
                        Mono.fromSupplier(() -> new TextWebSocketFrame(target.handshake())), up);
              }
              Flux<ConsoleFrame> down =
                  in.aggregateFrames(maxFrame)
                      .receiveFrames()
                      .filter(
                          f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                      .handle(
                          (f, sink) -> {
                            byte[] data = ByteBufUtil.getBytes(f.content());
                            if (awaitingOk.getAndSet(false)) {
                              if (data.length < 2 || data[0] != OK[0] || data[1] != OK[1]) {
                                sink.error(
                                    new IllegalStateException("termproxy refused the ticket"));
                                return;
                              }
                              data = Arrays.copyOfRange(data, OK.length, data.length);
                              if (data.length == 0) {
                                return;
                              }
                            }
                            sink.next(ConsoleFrame.data(f instanceof TextWebSocketFrame, data));
                          });
              // the upstream ends when Proxmox closes or the gateway's side completes
              return down.takeUntilOther(out.sendObject(up).then().then(Mono.just(true)));
            });
  }
}
