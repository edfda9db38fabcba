package io.pvepanel.control.rsocket;

import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationReader;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.NotFoundException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The gateway's questions about a user: the token it forwards is validated with the suite's
 * decoder, then the same visibility rules as the REST API apply.
 */
@Component
class GatewayAccess {

  private final ReactiveJwtDecoder decoder;
  private final ServerAccess access;
  private final OperationReader operations;

  GatewayAccess(ReactiveJwtDecoder decoder, ServerAccess access, OperationReader operations) {
    this.decoder = decoder;
    this.access = access;
    this.operations = operations;
  }

  /** Whether the holder of {@code token} may watch {@code serverId}; false on any doubt. */
  Mono<Boolean> mayWatch(String token, String serverId) {
    return user(token)
        .flatMap(user -> access.visible(user, serverId))
        .map(server -> true)
        .onErrorResume(e -> Mono.just(false));
  }

  /**
   * The operation, when the holder of {@code token} may follow it: it is on a server they may see,
   * or they asked for it (a delete's requester follows it to its end, after the server is gone) —
   * the rule of {@code GET /api/operations/{id}}. Unknown, foreign or a bad token: {@link
   * NotFoundException}.
   */
  Mono<Operation> followable(String token, String operationId) {
    return user(token)
        .onErrorMap(JwtException.class, e -> new NotFoundException("Operation"))
        .flatMap(user -> operations.one(user, operationId));
  }

  /** The user at the browser of a console; a bad token is {@link NotFoundException}. */
  Mono<CurrentUser> consoleUser(String token) {
    return user(token)
        .onErrorMap(JwtException.class, e -> new NotFoundException("Console session"));
  }

  private Mono<CurrentUser> user(String token) {
    if (token == null || token.isBlank()) {
      return Mono.error(new NotFoundException("Operation"));
    }
    return decoder.decode(token).map(CurrentUser::from);
  }
}
