package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A container's plan change as pve-container answers it: {@code PUT .../config} with cores, memory
 * and swap is synchronous ({@code src/PVE/API2/LXC/Config.pm}, update_vm); {@code PUT .../resize}
 * checks the lock, the storage privilege and the size before it forks its {@code resize} task, and
 * never shrinks ({@code src/PVE/API2/LXC.pm}, resize_vm).
 */
class ResizeIntegrationTests {

  ProxmoxSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void limitsAreSetAtOnceAndTheDiskOnlyGrowsInATask() {
    sim = ProxmoxSimulator.start(SimulatorConfig.builder().ssh(false).build());
    SimHttp http = new SimHttp(sim);

    SimHttp.Resp limits =
        http.put("/nodes/pve1/lxc/101/config", "cores", "4", "memory", "4096", "swap", "1024");
    assertThat(limits.status()).as(limits.reason()).isEqualTo(200);
    assertThat(limits.data().isNull()).isTrue();
    var config = http.get("/nodes/pve1/lxc/101/config").data();
    assertThat(config.get("cores").asInt()).isEqualTo(4);
    assertThat(config.get("memory").asInt()).isEqualTo(4096);
    assertThat(config.get("rootfs").asString()).endsWith("size=20G");

    SimHttp.Resp grow = http.put("/nodes/pve1/lxc/101/resize", "disk", "rootfs", "size", "30G");
    assertThat(grow.status()).as(grow.reason()).isEqualTo(200);
    String upid = grow.data().asString();
    assertThat(upid).contains(":resize:101:");
    assertThat(http.awaitTask(upid).get("exitstatus").asString()).isEqualTo("OK");
    assertThat(http.get("/nodes/pve1/lxc/101/config").data().get("rootfs").asString())
        .endsWith("size=30G");

    SimHttp.Resp relative = http.put("/nodes/pve1/lxc/101/resize", "disk", "rootfs", "size", "+2G");
    http.awaitTask(relative.data().asString());
    assertThat(http.get("/nodes/pve1/lxc/101/config").data().get("rootfs").asString())
        .endsWith("size=32G");

    SimHttp.Resp shrink = http.put("/nodes/pve1/lxc/101/resize", "disk", "rootfs", "size", "8G");
    assertThat(shrink.status()).isEqualTo(500);
    assertThat(shrink.reason()).isEqualTo("unable to shrink disk size");
    SimHttp.Resp same = http.put("/nodes/pve1/lxc/101/resize", "disk", "rootfs", "size", "32G");
    assertThat(same.status()).isEqualTo(500);
    assertThat(same.reason()).isEqualTo("disk is already at specified size");

    sim.setLock(101, "backup");
    SimHttp.Resp locked = http.put("/nodes/pve1/lxc/101/resize", "disk", "rootfs", "size", "40G");
    assertThat(locked.status()).isEqualTo(500);
    assertThat(locked.reason()).isEqualTo("CT is locked (backup)");
  }

  @Test
  void growingTheDiskNeedsSpaceOnTheStorageAsWellAsTheDiskPrivilege() {
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .ssh(false)
                .tokenPrivsep(true)
                .role("Disk", "VM.Config.Disk", "VM.Audit")
                .tokenAcl("/vms/101", "Disk")
                .build());
    SimHttp http = new SimHttp(sim);
    SimHttp.Resp refused = http.put("/nodes/pve1/lxc/101/resize", "disk", "rootfs", "size", "30G");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.reason()).contains("/storage/local-lvm").contains("Datastore.AllocateSpace");
  }
}
