package io.pvepanel.control.operation;

import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading operations and the audit log; both only for servers the caller may see. */
@RestController
@Validated
class OperationController {

  private final OperationRepository operations;
  private final ServerAccess access;
  private final AuditLog audit;

  OperationController(OperationRepository operations, ServerAccess access, AuditLog audit) {
    this.operations = operations;
    this.access = access;
    this.audit = audit;
  }

  @GetMapping("/api/server/{id}/operations")
  Flux<OperationView> forServer(
      @PathVariable String id,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset) {
    return CurrentUser.current()
        .flatMap(user -> access.visible(user, id))
        .flatMapMany(server -> operations.findByServer(server.id(), limit, offset))
        .map(OperationView::of);
  }

  @GetMapping("/api/operations/{operationId}")
  Mono<OperationView> one(@PathVariable String operationId) {
    return CurrentUser.current()
        .flatMap(
            user ->
                operations
                    .findById(operationId)
                    .flatMap(
                        op ->
                            access
                                .visible(user, op.serverId())
                                .thenReturn(op)
                                // Who asked for an operation may follow it to its end, also
                                // when that end removed the server (a delete).
                                .onErrorResume(
                                    NotFoundException.class,
                                    e ->
                                        op.requestedBy().equals(user.id())
                                            ? Mono.just(op)
                                            : Mono.error(new NotFoundException("Operation")))))
        .switchIfEmpty(Mono.error(new NotFoundException("Operation")))
        .map(OperationView::of);
  }

  @GetMapping("/api/server/{id}/actions")
  Flux<AuditLog.Entry> actions(
      @PathVariable String id,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset) {
    return CurrentUser.current()
        .flatMap(user -> access.visible(user, id))
        .flatMapMany(server -> audit.forServer(server.id(), limit, offset));
  }
}
