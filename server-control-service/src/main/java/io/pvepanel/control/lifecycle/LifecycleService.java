package io.pvepanel.control.lifecycle;

import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Power actions on the caller's servers. {@code restart} is another name for {@code reboot}. */
@Service
class LifecycleService {

  private final OperationService operations;

  LifecycleService(OperationService operations) {
    this.operations = operations;
  }

  /** The operation for {@code action} on the caller's server {@code serverId}. */
  Mono<Operation> act(String serverId, String action, boolean wait) {
    OperationKind kind = kindOf(action);
    return operations.submitOnServer(
        serverId, wait, server -> Mono.just(OperationRequest.of(kind)));
  }

  static OperationKind kindOf(String action) {
    OperationKind kind = OperationKind.fromWire("restart".equals(action) ? "reboot" : action);
    if (!PowerOperations.KINDS.contains(kind)) {
      throw new IllegalArgumentException("Not a power action: " + action);
    }
    return kind;
  }
}
