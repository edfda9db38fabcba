package io.pvepanel.control.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationKind;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The power actions and their one step each. */
class LifecycleServiceTests {

  @Test
  void restartIsAnotherNameForReboot() {
    assertThat(LifecycleService.kindOf("restart")).isEqualTo(OperationKind.REBOOT);
    assertThat(LifecycleService.kindOf("shutdown")).isEqualTo(OperationKind.SHUTDOWN);
    assertThatThrownBy(() -> LifecycleService.kindOf("snapshot.create"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyPowerActionIsOneTaskThatIsNeverRepeated() {
    PowerOperations handler = new PowerOperations();
    for (OperationKind kind : PowerOperations.KINDS) {
      var steps = handler.steps(Operation.queued("s", kind, Map.of(), "7", Instant.EPOCH));
      assertThat(steps).hasSize(1);
      assertThat(steps.get(0).repeatable()).isFalse();
      assertThat(steps.get(0).name()).isEqualTo(kind.wire());
    }
  }
}
