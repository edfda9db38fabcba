package io.pvepanel.gateway.live;

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
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/** Spring's Reactor Netty upgrade, handing {@link AbortableWebSocketSession}s to the handlers. */
public class AbortableUpgradeStrategy implements RequestUpgradeStrategy {

  private final Supplier<WebsocketServerSpec.Builder> spec;

  public AbortableUpgradeStrategy(Supplier<WebsocketServerSpec.Builder> spec) {
    this.spec = spec;
  }

  @Override
  public Mono<Void> upgrade(
      ServerWebExchange exchange,
      WebSocketHandler handler,
      @Nullable String subProtocol,
      Supplier<HandshakeInfo> handshakeInfoFactory) {
    ServerHttpResponse response = exchange.getResponse();
    HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
    HandshakeInfo handshakeInfo = handshakeInfoFactory.get();
    NettyDataBufferFactory bufferFactory = (NettyDataBufferFactory) response.bufferFactory();
    String where = exchange.getRequest().getURI().getPath() + " [upgrade]";
    return response
        .setComplete()
        .then(
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
                                in,
                                out,
                                handshakeInfo,
                                bufferFactory,
                                built.maxFramePayloadLength());
                        return handler.handle(session).checkpoint(where);
                      },
                      built);
                }));
  }
}
