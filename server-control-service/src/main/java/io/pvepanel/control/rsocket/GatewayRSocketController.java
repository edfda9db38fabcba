package io.pvepanel.control.rsocket;

import io.pvepanel.control.console.ConsoleRelay;
import io.pvepanel.control.provider.ProviderKeyVerification;
import io.pvepanel.rsocket.ConsoleFrame;
import io.pvepanel.rsocket.OperationAccessAnswer;
import io.pvepanel.rsocket.OperationAccessRequest;
import io.pvepanel.rsocket.ProviderKeyAnswer;
import io.pvepanel.rsocket.ProviderKeyRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.pvepanel.security.ProviderKeyVerifier;
import io.pvepanel.security.ProviderScope;
import io.pvepanel.web.NotFoundException;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the gateway asks the control service where Kafka's broadcast does not fit (the contract is
 * {@code rsocket-contracts}'). Every request that acts for a user carries that user's token,
 * validated here with the suite's decoder, so the gateway is trusted with nothing it could not
 * prove. Only a connection whose SETUP carries the service token reaches these routes ({@link
 * ServiceTokenAcceptor}).
 */
@Controller
class GatewayRSocketController {

  private final GatewayAccess access;
  private final ConsoleRelay consoles;
  private final ProviderKeyVerification keys;

  GatewayRSocketController(
      GatewayAccess access, ConsoleRelay consoles, ProviderKeyVerification keys) {
    this.access = access;
    this.consoles = consoles;
    this.keys = keys;
  }

  /** Whether a provider key is usable now, and its scopes; never its secret back. */
  @MessageMapping(Routes.PROVIDER_KEY)
  Mono<ProviderKeyAnswer> providerKey(ProviderKeyRequest request) {
    if (!ProviderKeyVerifier.looksLikeKey(request.key())) {
      return Mono.just(ProviderKeyAnswer.invalid());
    }
    return keys.verify(request.key())
        .map(
            k ->
                new ProviderKeyAnswer(
                    true,
                    k.keyId(),
                    k.name(),
                    k.scopes().stream().map(ProviderScope::wire).sorted().toList(),
                    k.expiresAt()))
        .defaultIfEmpty(ProviderKeyAnswer.invalid());
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

  /**
   * A console: the gateway's first frame names the one-time session and carries the browser user's
   * token; the session must be that user's, on a server they may still see. Then frames are relayed
   * both ways between the gateway and Proxmox, which only this service reaches.
   */
  @MessageMapping(Routes.CONSOLE_RELAY)
  Flux<ConsoleFrame> console(Flux<ConsoleFrame> frames) {
    return frames.switchOnFirst(
        (first, all) -> {
          ConsoleFrame open = first.get();
          if (open == null || open.sessionId() == null) {
            return Flux.error(new IllegalArgumentException(Routes.CONSOLE_REFUSED));
          }
          return access
              .consoleUser(open.token())
              .flatMapMany(user -> consoles.open(open.sessionId(), user, all.skip(1)))
              .onErrorMap(
                  NotFoundException.class,
                  e -> new IllegalArgumentException(Routes.CONSOLE_REFUSED));
        });
  }
}
