package io.pvepanel.control.operation;

import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.NotFoundException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who may read which operations and audit entries: those of servers the caller may see, and an
 * operation the caller asked for even after it removed its server (a delete's requester follows it
 * to its end). The REST API and the gateway's {@code operation.access} share this one rule.
 */
@Service
public class OperationReader {

  private final OperationRepository operations;
  private final ServerAccess access;
  private final AuditLog audit;

  OperationReader(OperationRepository operations, ServerAccess access, AuditLog audit) {
    this.operations = operations;
    this.access = access;
    this.audit = audit;
  }

  /** The operation if {@code user} may read it; otherwise the same 404 whether it exists or not. */
  public Mono<Operation> one(CurrentUser user, String operationId) {
    return operations
        .findById(operationId)
        .flatMap(
            op ->
                access
                    .visible(user, op.serverId())
                    .thenReturn(op)
                    .onErrorResume(
                        NotFoundException.class,
                        e ->
                            op.requestedBy().equals(user.id())
                                ? Mono.just(op)
                                : Mono.error(new NotFoundException("Operation"))))
        .switchIfEmpty(Mono.error(new NotFoundException("Operation")));
  }

  /** The operations of a server the caller may see, newest first. */
  public Flux<Operation> forServer(CurrentUser user, String serverId, int limit, int offset) {
    return access
        .visible(user, serverId)
        .flatMapMany(server -> operations.findByServer(server.id(), limit, offset));
  }

  /** The audit log of a server the caller may see, newest first. */
  public Flux<AuditLog.Entry> actions(CurrentUser user, String serverId, int limit, int offset) {
    return access
        .visible(user, serverId)
        .flatMapMany(server -> audit.forServer(server.id(), limit, offset));
  }
}
