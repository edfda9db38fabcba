package io.pvepanel.gateway.live;

import io.netty.channel.EventLoop;
import io.pvepanel.gateway.identity.ClientAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Spring's Reactor Netty upgrade, handing {@link AbortableWebSocketSession}s to the handlers, and
 * always started on the connection's own event loop.
 *
 * <p>Why the event loop: a filter before the upgrade may finish on another thread (a cached token
 * check, an RSocket answer). Started there, Reactor Netty writes the 101 on the event loop but
 * binds its WebSocket operations to the channel only when the starting thread gets round to it; a
 * frame the client sends right after the 101 can reach the channel in between and is dropped (on
 * the live channel: the {@code auth} frame, then a 4401 auth timeout for about one socket in two
 * hundred under load). On the event loop the handshake, the binding and the handler run before the
 * next read.
 */
public class AbortableUpgradeStrategy implements RequestUpgradeStrategy {

  private final Supplier<WebsocketServerSpec.Builder> spec;

  public AbortableUpgradeStrategy(Supplier<WebsocketServerSpec.Builder> spec) {
    this.spec = spec;
  }

  /**
   * The handshake with the client address the request was resolved to ({@link ClientAddress}) among
   * the session's attributes, for the in-band authentication failures to be counted against.
   */
  private static HandshakeInfo withClientAddress(HandshakeInfo info, ServerWebExchange exchange) {
    Map<String, Object> attributes = new HashMap<>(info.getAttributes());
    attributes.put(ClientAddress.ATTRIBUTE, ClientAddress.of(exchange));
    return new HandshakeInfo(
        info.getUri(),
        info.getHeaders(),
        info.getCookies(),
        info.getPrincipal(),
        info.getSubProtocol(),
        info.getRemoteAddress(),
        attributes,
        info.getLogPrefix());
  }

  @Override
  public Mono<Void> upgrade(
      ServerWebExchange exchange,
      WebSocketHandler handler,
      @Nullable String subProtocol,
      Supplier<HandshakeInfo> handshakeInfoFactory) {
    ServerHttpResponse response = exchange.getResponse();
    HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
    HandshakeInfo handshakeInfo = withClientAddress(handshakeInfoFactory.get(), exchange);
    NettyDataBufferFactory bufferFactory = (NettyDataBufferFactory) response.bufferFactory();
    String where = exchange.getRequest().getURI().getPath() + " [upgrade]";
    EventLoop loop = ((Connection) reactorResponse).channel().eventLoop();
    Mono<Void> upgrade =
        Mono.defer(
            () -> {
              WebsocketServerSpec.Builder builder = spec.get();
              if (subProtocol != null) {
                builder.protocols(subProtocol);
              }
              WebsocketServerSpec built = builder.build();
              return reactorResponse.sendWebsocket(
                  (in, out) -> {
                    AbortableWebSocketSession session =
                        new AbortableWebSocketSession(
                            in, out, handshakeInfo, bufferFactory, built.maxFramePayloadLength());
                    return handler.handle(session).checkpoint(where);
                  },
                  built);
            });
    return response
        .setComplete()
        .then(
            Mono.defer(
                () ->
                    loop.inEventLoop()
                        ? upgrade
                        : upgrade.subscribeOn(Schedulers.fromExecutor(loop))));
  }
}
