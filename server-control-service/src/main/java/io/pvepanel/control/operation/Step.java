package io.pvepanel.control.operation;

import io.pvepanel.proxmox.client.Upid;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One step of an operation.
 *
 * @param name what the step does, for logs (e.g. {@code rollback}, {@code start})
 * @param repeatable whether the step may run again when an instance stopped after starting it and
 *     before Proxmox's task was recorded: it checks Proxmox's state first (a start that finds the
 *     guest running does nothing), so running it twice does no harm
 * @param call the Proxmox request; emits the task to follow, or nothing when the step is done
 *     without a task
 */
public record Step(String name, boolean repeatable, Function<OperationContext, Mono<Upid>> call) {

  public static Step once(String name, Function<OperationContext, Mono<Upid>> call) {
    return new Step(name, false, call);
  }

  public static Step repeatable(String name, Function<OperationContext, Mono<Upid>> call) {
    return new Step(name, true, call);
  }
}
