package io.pvepanel.control.provisioning;

import io.pvepanel.control.operation.GuestSteps;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationHandler;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.Step;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What the provider's suspension does in Proxmox: a suspend stops the guest (hard: billing does not
 * wait for the guest), an unsuspend starts it again when asked. The suspension itself (the flag
 * every customer action checks) is recorded with the queued operation, so it holds from the moment
 * the provider's request is answered, whatever Proxmox says after.
 */
@Component
class SuspensionOperations implements OperationHandler {

  @Override
  public Set<OperationKind> kinds() {
    return Set.of(OperationKind.PROVIDER_SUSPEND, OperationKind.PROVIDER_UNSUSPEND);
  }

  @Override
  public List<Step> steps(Operation op) {
    if (op.kind() == OperationKind.PROVIDER_SUSPEND) {
      return List.of(GuestSteps.stopIfRunning());
    }
    return Boolean.parseBoolean(op.params().get(OperationKind.START_AFTER))
        ? List.of(GuestSteps.startUnlessRunning())
        : List.of();
  }
}
