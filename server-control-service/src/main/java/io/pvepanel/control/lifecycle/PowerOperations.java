package io.pvepanel.control.lifecycle;

import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationHandler;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.Step;
import io.pvepanel.proxmox.client.PowerAction;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Power actions: one Proxmox task each ({@code POST .../status/<action>}). None is repeated after
 * an interruption before its task was recorded: a second start or reboot is not harmless, so such
 * an operation fails and the guest's status is read back.
 */
@Component
class PowerOperations implements OperationHandler {

  static final Set<OperationKind> KINDS =
      EnumSet.of(
          OperationKind.START,
          OperationKind.STOP,
          OperationKind.SHUTDOWN,
          OperationKind.REBOOT,
          OperationKind.SUSPEND,
          OperationKind.RESUME);

  @Override
  public Set<OperationKind> kinds() {
    return KINDS;
  }

  @Override
  public List<Step> steps(Operation op) {
    PowerAction action = PowerAction.valueOf(op.kind().name());
    return List.of(Step.once(op.kind().wire(), c -> c.client().power(c.server().ref(), action)));
  }
}
