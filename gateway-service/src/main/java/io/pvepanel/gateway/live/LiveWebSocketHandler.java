package io.pvepanel.gateway.live;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.control.ControlClient;
import io.pvepanel.gateway.identity.ClientAddress;
import io.pvepanel.gateway.limit.FailedAuthentications;
import java.time.Clock;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/** {@code /ws}: the live channel (design §4). Protocol in the module README. */
@Component
public class LiveWebSocketHandler implements WebSocketHandler {

  private final LiveHub hub;
  private final ReactiveJwtDecoder decoder;
  private final AccessCache access;
  private final ControlClient control;
  private final Clock clock;
  private final GatewayProperties.Live config;
  private final FailedAuthentications failures;

  public LiveWebSocketHandler(
      LiveHub hub,
      ReactiveJwtDecoder decoder,
      AccessCache access,
      ControlClient control,
      Clock clock,
      GatewayProperties properties,
      FailedAuthentications failures) {
    this.failures = failures;
    this.hub = hub;
    this.decoder = decoder;
    this.access = access;
    this.control = control;
    this.clock = clock;
    this.config = properties.live();
  }

  @Override
  public Mono<Void> handle(WebSocketSession session) {
    String address = ClientAddress.of(session);
    LiveConnection connection =
        new LiveConnection(
            session, hub, decoder, access, control, clock, config, () -> failures.failed(address));
    Mono<Void> outbound = connection.start();
    Mono<Void> inbound =
        session
            .receive()
            .doOnNext(m -> connection.touch())
            .filter(m -> m.getType() == WebSocketMessage.Type.TEXT)
            .map(WebSocketMessage::getPayloadAsText)
            .concatMap(connection::onFrame, 1)
            .then()
            .doFinally(s -> connection.onInboundDone());
    return Mono.when(inbound, outbound).doFinally(s -> connection.onInboundDone());
  }
}
