package io.pvepanel.control.rsocket;

import io.pvepanel.control.console.ConsoleSessions;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationRepository;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.operation.OperationView;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.rsocket.ConsoleRedeemAnswer;
import io.pvepanel.rsocket.ConsoleRedeemRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.NotFoundException;
import java.time.Duration;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the gateway asks the control service where Kafka's broadcast does not fit. Every request
 * that acts for a user carries that user's token, validated here with the suite's decoder, so the
 * gateway is trusted with nothing it could not prove. The console session id is itself the
 * credential (single use, short-lived).
 */
@Controller
class GatewayRSocketController {

  record ProgressRequest(String token, String operationId) {}

  private final ReactiveJwtDecoder decoder;
  private final ServerAccess access;
  private final OperationRepository operations;
  private final OperationService operationService;
  private final ConsoleSessions consoles;

  GatewayRSocketController(
      ReactiveJwtDecoder decoder,
      ServerAccess access,
      OperationRepository operations,
      OperationService operationService,
      ConsoleSessions consoles) {
    this.decoder = decoder;
    this.access = access;
    this.operations = operations;
    this.operationService = operationService;
    this.consoles = consoles;
  }

  @MessageMapping(Routes.SERVER_ACCESS)
  Mono<ServerAccessAnswer> access(ServerAccessRequest question) {
    return user(question.token())
        .flatMap(user -> access.visible(user, question.serverId()))
        .map(server -> new ServerAccessAnswer(true))
        .onErrorResume(e -> Mono.just(new ServerAccessAnswer(false)));
  }

  /**
   * The operation's state now and at every change until it ends. Changes of operations run by this
   * instance arrive at once; a slow poll covers those another instance runs.
   */
  @MessageMapping("operation.progress")
  Flux<OperationView> progress(ProgressRequest request) {
    Mono<Operation> visible =
        user(request.token())
            .flatMap(
                user ->
                    operations
                        .findById(request.operationId())
                        .flatMap(op -> access.visible(user, op.serverId()).thenReturn(op)))
            .switchIfEmpty(Mono.error(new NotFoundException("Operation")))
            .onErrorMap(e -> new NotFoundException("Operation"));
    return visible.flatMapMany(
        first ->
            Flux.concat(
                    Mono.just(first),
                    Flux.merge(
                        operationService.updates().filter(op -> op.id().equals(first.id())),
                        Flux.interval(Duration.ofSeconds(1))
                            .concatMap(tick -> operations.findById(first.id()))))
                .distinctUntilChanged(Operation::state)
                .takeUntil(Operation::finished)
                .map(OperationView::of));
  }

  @MessageMapping(Routes.CONSOLE_REDEEM)
  Mono<ConsoleRedeemAnswer> redeem(ConsoleRedeemRequest request) {
    return consoles
        .redeem(request.sessionId())
        .onErrorMap(
            NotFoundException.class, e -> new IllegalArgumentException(Routes.CONSOLE_REFUSED));
  }

  private Mono<CurrentUser> user(String token) {
    if (token == null || token.isBlank()) {
      return Mono.error(new IllegalArgumentException("token is required"));
    }
    return decoder.decode(token).map(CurrentUser::from);
  }
}
