package io.pvepanel.control.operation;

import io.pvepanel.control.server.Server;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * What operations of some kinds do in Proxmox. The steps are rebuilt from the operation alone (its
 * kind and params), so an operation a stopped instance left can be resumed by another; nothing of
 * the request that started it survives but what is in {@link Operation#params()}.
 */
public interface OperationHandler {

  /** The kinds this handler runs; every kind has exactly one handler. */
  Set<OperationKind> kinds();

  /** The steps of {@code op}, in order; at least one. */
  List<Step> steps(Operation op);

  /**
   * Database effects of a success besides the status after it, written in the transaction that
   * records the end (no Proxmox call here).
   */
  default Mono<Void> onSuccess(Server server, Operation op) {
    return Mono.empty();
  }

  /**
   * What follows a failure in Proxmox, before the end is recorded: clean up what the operation
   * made. Empty: the runner reads the guest's status back and records it.
   */
  default Mono<AfterFailure> onFailure(OperationContext context) {
    return Mono.empty();
  }

  /** How a failed operation leaves its server. */
  enum AfterFailure {
    /** The server's record goes (nothing of it is left in Proxmox). */
    FORGET,
    /** What the operation made could not be removed; the server shows {@code error}. */
    BROKEN
  }
}
