package io.pvepanel.control.operation;

import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.security.CurrentUser;
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

  private final OperationReader reader;

  OperationController(OperationReader reader) {
    this.reader = reader;
  }

  @GetMapping("/api/server/{id}/operations")
  Flux<OperationView> forServer(
      @PathVariable String id,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset) {
    return CurrentUser.current()
        .flatMapMany(user -> reader.forServer(user, id, limit, offset))
        .map(OperationView::of);
  }

  @GetMapping("/api/operations/{operationId}")
  Mono<OperationView> one(@PathVariable String operationId) {
    return CurrentUser.current()
        .flatMap(user -> reader.one(user, operationId))
        .map(OperationView::of);
  }

  @GetMapping("/api/server/{id}/actions")
  Flux<AuditLog.Entry> actions(
      @PathVariable String id,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset) {
    return CurrentUser.current().flatMapMany(user -> reader.actions(user, id, limit, offset));
  }
}
