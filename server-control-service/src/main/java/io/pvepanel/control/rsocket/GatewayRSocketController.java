package io.pvepanel.control.rsocket;

import io.pvepanel.control.console.ConsoleSessions;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.NotFoundException;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * What the gateway asks the control service where Kafka's broadcast does not fit. Every request
 * that acts for a user carries that user's token, validated here with the suite's decoder, so the
 * gateway is trusted with nothing it could not prove. The console session id is itself the
 * credential (single use, short-lived).
 */
@Controller
class GatewayRSocketController {

  record AccessQuestion(String token, String serverId) {}

  record AccessAnswer(boolean allowed) {}

  record RedeemRequest(String sessionId) {}

  private final ReactiveJwtDecoder decoder;
  private final ServerAccess access;
  private final ConsoleSessions consoles;

  GatewayRSocketController(
      ReactiveJwtDecoder decoder, ServerAccess access, ConsoleSessions consoles) {
    this.decoder = decoder;
    this.access = access;
    this.consoles = consoles;
  }

  @MessageMapping("server.access")
  Mono<AccessAnswer> access(AccessQuestion question) {
    return user(question.token())
        .flatMap(user -> access.visible(user, question.serverId()))
        .map(server -> new AccessAnswer(true))
        .onErrorResume(e -> Mono.just(new AccessAnswer(false)));
  }

  @MessageMapping("console.redeem")
  Mono<ConsoleSessions.Target> redeem(RedeemRequest request) {
    return consoles
        .redeem(request.sessionId())
        .onErrorMap(
            NotFoundException.class,
            e -> new IllegalArgumentException("console session not found, used or expired"));
  }

  private Mono<CurrentUser> user(String token) {
    if (token == null || token.isBlank()) {
      return Mono.error(new IllegalArgumentException("token is required"));
    }
    return decoder.decode(token).map(CurrentUser::from);
  }
}
