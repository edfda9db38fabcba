package io.pvepanel.control.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.proxmox.client.GuestType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the panel knows of each kind without running it, in one table. */
class OperationKindTests {

  @Test
  void theStatusAfterASuccessDependsOnTheKindAndTheGuestType() {
    Map<String, String> none = Map.of();
    assertThat(OperationKind.START.statusAfter(GuestType.LXC, none))
        .isEqualTo(ServerStatus.RUNNING);
    assertThat(OperationKind.REBOOT.statusAfter(GuestType.QEMU, none))
        .isEqualTo(ServerStatus.RUNNING);
    assertThat(OperationKind.SHUTDOWN.statusAfter(GuestType.LXC, none))
        .isEqualTo(ServerStatus.STOPPED);
    // pve-container: an LXC suspend is a CRIU checkpoint that stops the container
    assertThat(OperationKind.SUSPEND.statusAfter(GuestType.LXC, none))
        .isEqualTo(ServerStatus.STOPPED);
    // qemu-server: a suspend to RAM pauses the VM
    assertThat(OperationKind.SUSPEND.statusAfter(GuestType.QEMU, none))
        .isEqualTo(ServerStatus.PAUSED);
    assertThat(OperationKind.CREATE.statusAfter(GuestType.LXC, none))
        .isEqualTo(ServerStatus.RUNNING);
    assertThat(OperationKind.SNAPSHOT_CREATE.statusAfter(GuestType.LXC, none)).isNull();
    assertThat(OperationKind.PASSWORD_CHANGE.statusAfter(GuestType.QEMU, none)).isNull();
  }

  @Test
  void aRestoreLeavesTheGuestAsItWasBefore() {
    assertThat(
            OperationKind.SNAPSHOT_RESTORE.statusAfter(
                GuestType.LXC, Map.of(OperationKind.START_AFTER, "true")))
        .isEqualTo(ServerStatus.RUNNING);
    assertThat(
            OperationKind.SNAPSHOT_RESTORE.statusAfter(
                GuestType.LXC, Map.of(OperationKind.START_AFTER, "false")))
        .isEqualTo(ServerStatus.STOPPED);
  }

  @Test
  void createAndDeleteHaveTheirOwnStatusWhileTheyRun() {
    assertThat(OperationKind.CREATE.statusWhileRunning()).isEqualTo(ServerStatus.CREATING);
    assertThat(OperationKind.DELETE.statusWhileRunning()).isEqualTo(ServerStatus.DELETING);
    assertThat(OperationKind.STOP.statusWhileRunning()).isNull();
  }

  @Test
  void howEachKindResumes() {
    assertThat(OperationKind.PASSWORD_CHANGE.resume()).isEqualTo(OperationKind.Resume.FAIL);
    assertThat(OperationKind.CREATE.resume()).isEqualTo(OperationKind.Resume.CLEAN_UP);
    assertThat(OperationKind.SNAPSHOT_RESTORE.resume()).isEqualTo(OperationKind.Resume.FOLLOW_TASK);
    assertThat(OperationKind.PASSWORD_CHANGE.needsRunningGuest()).isTrue();
    assertThat(OperationKind.START.needsRunningGuest()).isFalse();
  }

  @Test
  void namesRoundTripAndUnknownOnesAreRefused() {
    for (OperationKind k : OperationKind.values()) {
      assertThat(OperationKind.fromWire(k.wire())).isEqualTo(k);
      assertThat(k.auditName()).isEqualTo(k.wire());
    }
    assertThatThrownBy(() -> OperationKind.fromWire("format-disk"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void proxmoxStatusesMapToTheServersStatus() {
    assertThat(ServerStatus.fromProxmox("running", null)).isEqualTo(ServerStatus.RUNNING);
    assertThat(ServerStatus.fromProxmox("running", "paused")).isEqualTo(ServerStatus.PAUSED);
    assertThat(ServerStatus.fromProxmox("stopped", null)).isEqualTo(ServerStatus.STOPPED);
    assertThat(ServerStatus.fromProxmox("unknown", null)).isEqualTo(ServerStatus.UNKNOWN);
    assertThat(ServerStatus.fromWire("no-such")).isEqualTo(ServerStatus.UNKNOWN);
  }
}
