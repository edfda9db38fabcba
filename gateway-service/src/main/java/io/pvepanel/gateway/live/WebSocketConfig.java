package io.pvepanel.gateway.live;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.console.ConsoleRelayHandler;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Maps {@code /ws} and {@code /ws/console/{session}} ahead of the gateway's routes, with the origin
 * check and a frame size bound on every upgrade.
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfig implements WebFluxConfigurer {

  private final GatewayProperties properties;

  public WebSocketConfig(GatewayProperties properties) {
    this.properties = properties;
  }

  @Bean
  HandlerMapping webSocketMapping(LiveWebSocketHandler live, ConsoleRelayHandler console) {
    SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping();
    mapping.setUrlMap(Map.of("/ws", live, "/ws/console/*", console));
    mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return mapping;
  }

  @Override
  public WebSocketService getWebSocketService() {
    int maxFrame =
        (int)
            Math.max(
                properties.live().maxFrameSize().toBytes(),
                properties.console().maxFrameSize().toBytes());
    HandshakeWebSocketService handshake =
        new HandshakeWebSocketService(
            new AbortableUpgradeStrategy(
                () ->
                    WebsocketServerSpec.builder()
                        .maxFramePayloadLength(maxFrame)
                        .handlePing(false)
                        .compress(false)));
    return new OriginCheckingWebSocketService(handshake, properties.live().allowedOrigins());
  }
}
