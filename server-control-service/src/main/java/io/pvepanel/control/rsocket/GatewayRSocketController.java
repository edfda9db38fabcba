package io.pvepanel.control.rsocket;

import io.pvepanel.control.console.ConsoleSessions;
import io.pvepanel.rsocket.ConsoleRedeemAnswer;
import io.pvepanel.rsocket.ConsoleRedeemRequest;
import io.pvepanel.rsocket.OperationAccessAnswer;
import io.pvepanel.rsocket.OperationAccessRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.pvepanel.web.NotFoundException;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * What the gateway asks the control service where Kafka's broadcast does not fit (the contract is
 * {@code rsocket-contracts}'). Every request that acts for a user carries that user's token,
 * validated here with the suite's decoder, so the gateway is trusted with nothing it could not
 * prove. The console session id is itself the credential (single use, short-lived).
 */
@Controller
class GatewayRSocketController {

  private final GatewayAccess access;
  private final ConsoleSessions consoles;

  GatewayRSocketController(GatewayAccess access, ConsoleSessions consoles) {
    this.access = access;
    this.consoles = consoles;
  }

  @MessageMapping(Routes.SERVER_ACCESS)
  Mono<ServerAccessAnswer> access(ServerAccessRequest request) {
    return access.mayWatch(request.token(), request.serverId()).map(ServerAccessAnswer::new);
  }

  /** The operation's state now; its later states reach the gateway through Kafka. */
  @MessageMapping(Routes.OPERATION_ACCESS)
  Mono<OperationAccessAnswer> operation(OperationAccessRequest request) {
    return access
        .followable(request.token(), request.operationId())
        .map(
            op ->
                new OperationAccessAnswer(
                    op.id(),
                    op.serverId(),
                    op.kind().wire(),
                    op.state().wire(),
                    op.error(),
                    op.startedAt(),
                    op.finishedAt()))
        .onErrorMap(
            NotFoundException.class, e -> new IllegalArgumentException(Routes.OPERATION_REFUSED));
  }

  @MessageMapping(Routes.CONSOLE_REDEEM)
  Mono<ConsoleRedeemAnswer> redeem(ConsoleRedeemRequest request) {
    return consoles
        .redeem(request.sessionId())
        .onErrorMap(
            NotFoundException.class, e -> new IllegalArgumentException(Routes.CONSOLE_REFUSED));
  }
}
