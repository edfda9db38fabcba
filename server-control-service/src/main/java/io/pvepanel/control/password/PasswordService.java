package io.pvepanel.control.password;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.operation.OperationState;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A new random root password, returned once and stored and logged nowhere; at most {@code
 * password-changes-per-hour} successful changes per server. The change is an operation ({@code
 * password.change}): it holds the server's lock like any other, so it never runs beside a restart
 * or a rollback (409), and is listed with its outcome. Only a success is reported as one. A caller
 * that hangs up does not stop it: the password is then set and mailed about, but shown to no one.
 */
@Service
class PasswordService {

  /** What the caller receives, once. */
  record NewPassword(String username, String password) {}

  private final ServerAccess access;
  private final OperationService operations;
  private final PasswordOperations handler;
  private final AuditLog audit;
  private final ControlProperties properties;
  private final Clock clock;

  PasswordService(
      ServerAccess access,
      OperationService operations,
      PasswordOperations handler,
      AuditLog audit,
      ControlProperties properties,
      Clock clock) {
    this.access = access;
    this.operations = operations;
    this.handler = handler;
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  Mono<NewPassword> change(String serverId) {
    return CurrentUser.current()
        .flatMap(
            user ->
                access
                    .actionable(user, serverId)
                    .flatMap(server -> underLimit(server).thenReturn(server))
                    .flatMap(server -> apply(user, server)));
  }

  private Mono<Void> underLimit(Server server) {
    return audit
        .countSince(
            server.id(),
            OperationKind.PASSWORD_CHANGE.auditName(),
            OperationState.SUCCEEDED.wire(),
            clock.instant().minus(Duration.ofHours(1)))
        .flatMap(
            n ->
                n >= properties.passwordChangesPerHour()
                    ? Mono.error(
                        new TooManyRequestsException(
                            "The root password of this server was changed "
                                + n
                                + " times in the last hour",
                            Duration.ofMinutes(10)))
                    : Mono.empty());
  }

  private Mono<NewPassword> apply(CurrentUser user, Server server) {
    String handoff = UUID.randomUUID().toString();
    AtomicReference<NewPassword> issued = new AtomicReference<>();
    handler.await(handoff, issued::set);
    OperationRequest request =
        new OperationRequest(
            OperationKind.PASSWORD_CHANGE, Map.of(PasswordOperations.HANDOFF, handoff), null);
    return operations
        .submit(user, server, request)
        .flatMap(
            op ->
                op.state() == OperationState.SUCCEEDED && issued.get() != null
                    ? Mono.just(issued.getAndSet(null))
                    : Mono.error(
                        new IllegalStateException(
                            "The password change was not recorded as done: " + op.state().wire())))
        .doFinally(signal -> handler.forget(handoff));
  }
}
