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
 * What the provider's own operations do in Proxmox. A suspend stops the guest (hard: billing does
 * not wait for the guest), an unsuspend starts it again when asked; a transfer and an adoption
 * change nothing there. The change each stands for (the suspension every customer action checks,
 * the new owner, the adopted record) is recorded with the queued operation, so it holds from the
 * moment the provider's request is answered, whatever Proxmox says after.
 */
@Component
class ProviderOperations implements OperationHandler {

  @Override
  public Set<OperationKind> kinds() {
    return Set.of(
        OperationKind.PROVIDER_SUSPEND,
        OperationKind.PROVIDER_UNSUSPEND,
        OperationKind.PROVIDER_TRANSFER,
        OperationKind.PROVIDER_ADOPT);
  }

  @Override
  public List<Step> steps(Operation op) {
    return switch (op.kind()) {
      case PROVIDER_SUSPEND -> List.of(GuestSteps.stopIfRunning());
      case PROVIDER_UNSUSPEND ->
          Boolean.parseBoolean(op.params().get(OperationKind.START_AFTER))
              ? List.of(GuestSteps.startUnlessRunning())
              : List.of();
      default -> List.of();
    };
  }
}
