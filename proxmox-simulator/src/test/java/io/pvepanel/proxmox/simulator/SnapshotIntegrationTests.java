package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SnapshotIntegrationTests {

  ProxmoxSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    sim = ProxmoxSimulator.start(SimulatorConfig.builder().ssh(false).build());
    http = new SimHttp(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  String exit(SimHttp.Resp r) {
    assertThat(r.status()).as(r.reason()).isEqualTo(200);
    return http.awaitTask(r.data().stringValue()).get("exitstatus").stringValue();
  }

  Map<String, JsonNode> list(String base) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode n : http.get(base + "/snapshot").data()) {
      out.put(n.get("name").stringValue(), n);
    }
    return out;
  }

  @Test
  void nameRules() {
    String base = "/nodes/pve1/lxc/101/snapshot";
    SimHttp.Resp bad = http.post(base, "snapname", "1st");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").get("snapname").stringValue())
        .isEqualTo("invalid format - invalid configuration ID '1st'\n");
    assertThat(http.post(base, "snapname", "a").status()).isEqualTo(400);
    assertThat(http.post(base, "snapname", "my snap").status()).isEqualTo(400);
    SimHttp.Resp tooLong = http.post(base, "snapname", "a".repeat(41));
    assertThat(tooLong.json().get("errors").get("snapname").stringValue())
        .isEqualTo("value may only be 40 characters long");
    assertThat(exit(http.post(base, "snapname", "Ab_-9" + "x".repeat(35)))).isEqualTo("OK");
    SimHttp.Resp reserved = http.post(base, "snapname", "current");
    assertThat(reserved.status()).isEqualTo(500);
    assertThat(reserved.reason())
        .isEqualTo("unable to use snapshot name 'current' (reserved name)");
    assertThat(http.post(base, "snapname", "vzdump").status()).isEqualTo(500);
    assertThat(http.post("/nodes/pve1/qemu/200/snapshot", "snapname", "PENDING").status())
        .isEqualTo(500);
  }

  @Test
  void createListAndCheckedInsideTask() {
    String base = "/nodes/pve1/lxc/101";
    assertThat(exit(http.post(base + "/snapshot", "snapname", "s1", "description", "first")))
        .isEqualTo("OK");
    Map<String, JsonNode> snaps = list(base);
    assertThat(snaps).containsKeys("before-upgrade", "s1", "current");
    assertThat(snaps.get("s1").get("parent").stringValue()).isEqualTo("before-upgrade");
    assertThat(snaps.get("s1").get("description").stringValue()).isEqualTo("first");
    assertThat(snaps.get("current").get("parent").stringValue()).isEqualTo("s1");
    assertThat(snaps.get("current").get("description").stringValue()).isEqualTo("You are here!");
    assertThat(snaps.get("current").get("running").intValue()).isEqualTo(1);
    assertThat(snaps.get("current").has("snaptime")).isFalse();

    assertThat(exit(http.post(base + "/snapshot", "snapname", "s1")))
        .isEqualTo("snapshot name 's1' already used");
    // 104 lives on the "local" dir storage
    assertThat(exit(http.post("/nodes/pve1/lxc/104/snapshot", "snapname", "nope")))
        .isEqualTo("snapshot feature is not available");
    sim.setLock(105, "backup");
    assertThat(exit(http.post("/nodes/pve2/lxc/105/snapshot", "snapname", "x1")))
        .isEqualTo("CT is locked (backup)");

    JsonNode cfg = http.get(base + "/snapshot/s1/config").data();
    assertThat(cfg.get("hostname").stringValue()).isEqualTo("web01");
    assertThat(cfg.get("parent").stringValue()).isEqualTo("before-upgrade");
    assertThat(http.put(base + "/snapshot/s1/config", "description", "renamed").status())
        .isEqualTo(200);
    assertThat(list(base).get("s1").get("description").stringValue()).isEqualTo("renamed");
    SimHttp.Resp missing = http.get(base + "/snapshot/zz/config");
    assertThat(missing.status()).isEqualTo(500);
    assertThat(missing.reason()).isEqualTo("snapshot 'zz' does not exist");
  }

  @Test
  void rollbackStopsRunningContainerAndRestoresConfig() {
    String base = "/nodes/pve1/lxc/101";
    assertThat(exit(http.post(base + "/snapshot", "snapname", "two"))).isEqualTo("OK");
    assertThat(http.put(base + "/config", "cores", "4").status()).isEqualTo(200);

    assertThat(exit(http.post(base + "/snapshot/two/rollback"))).isEqualTo("OK");
    assertThat(sim.guest(101).status()).isEqualTo("stopped");
    assertThat(sim.guest(101).cores()).isEqualTo(2);
    assertThat(sim.guest(101).parentSnapshot()).isEqualTo("two");

    assertThat(exit(http.post(base + "/snapshot/before-upgrade/rollback", "start", "1")))
        .isEqualTo("OK");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sim.guest(101).status().equals("running"));
    assertThat(exit(http.post(base + "/snapshot/ghost/rollback")))
        .isEqualTo("snapshot 'ghost' does not exist");
  }

  @Test
  void deleteReparentsChildren() {
    String base = "/nodes/pve1/lxc/101";
    assertThat(exit(http.post(base + "/snapshot", "snapname", "mid"))).isEqualTo("OK");
    assertThat(exit(http.post(base + "/snapshot", "snapname", "top"))).isEqualTo("OK");
    assertThat(exit(http.delete(base + "/snapshot/mid"))).isEqualTo("OK");
    Map<String, JsonNode> snaps = list(base);
    assertThat(snaps).doesNotContainKey("mid");
    assertThat(snaps.get("top").get("parent").stringValue()).isEqualTo("before-upgrade");
    assertThat(exit(http.delete(base + "/snapshot/mid")))
        .isEqualTo("snapshot 'mid' does not exist");
  }

  @Test
  void qemuSnapshotWithVmstateResumesOnRollback() {
    String base = "/nodes/pve1/qemu/200";
    assertThat(exit(http.post(base + "/snapshot", "snapname", "ram", "vmstate", "1")))
        .isEqualTo("OK");
    assertThat(list(base).get("ram").get("vmstate").intValue()).isEqualTo(1);
    assertThat(exit(http.post(base + "/snapshot/ram/rollback"))).isEqualTo("OK");
    assertThat(sim.guest(200).status()).isEqualTo("running");
  }

  @Test
  @DisplayName(
      "ZFS rolls back only to the newest snapshot (pve-storage ZFSPoolPlugin.pm"
          + " volume_rollback_is_possible); LVM-thin to any (LvmThinPlugin.pm)")
  void zfsRollsBackOnlyToTheNewestSnapshot() {
    String base = "/nodes/pve1/lxc/103"; // local-zfs
    assertThat(exit(http.post(base + "/snapshot", "snapname", "old"))).isEqualTo("OK");
    assertThat(exit(http.post(base + "/snapshot", "snapname", "new"))).isEqualTo("OK");
    assertThat(exit(http.post(base + "/snapshot/old/rollback")))
        .isEqualTo(
            "can't rollback, 'old' is not most recent snapshot on 'local-zfs:subvol-103-disk-0'");
    assertThat(sim.guest(103).status()).isEqualTo("running"); // refused before the stop
    assertThat(exit(http.post(base + "/snapshot/new/rollback"))).isEqualTo("OK");
    assertThat(exit(http.delete(base + "/snapshot/new"))).isEqualTo("OK");
    assertThat(exit(http.post(base + "/snapshot/old/rollback"))).isEqualTo("OK");

    String vm = "/nodes/pve2/qemu/201"; // local-zfs, QEMU volume name vm-201-disk-0
    assertThat(exit(http.post(vm + "/snapshot", "snapname", "va"))).isEqualTo("OK");
    assertThat(exit(http.post(vm + "/snapshot", "snapname", "vb"))).isEqualTo("OK");
    assertThat(exit(http.post(vm + "/snapshot/va/rollback")))
        .isEqualTo("can't rollback, 'va' is not most recent snapshot on 'local-zfs:vm-201-disk-0'");

    // 101 is on local-lvm (lvmthin): an older snapshot is fine
    assertThat(exit(http.post("/nodes/pve1/lxc/101/snapshot", "snapname", "later")))
        .isEqualTo("OK");
    assertThat(exit(http.post("/nodes/pve1/lxc/101/snapshot/before-upgrade/rollback")))
        .isEqualTo("OK");
  }

  @Test
  @DisplayName(
      "a snapshot in snapstate 'delete' blocks rollback before the lock check"
          + " (pve-guest-common AbstractConfig.pm snapshot_rollback)")
  void snapstateDeleteBlocksRollback() {
    try (ProxmoxSimulator slow =
        ProxmoxSimulator.start(
            SimulatorConfig.builder().ssh(false).taskDuration(Duration.ofSeconds(30)).build())) {
      SimHttp h = new SimHttp(slow);
      String base = "/nodes/pve1/lxc/101/snapshot/before-upgrade";
      String upid = h.delete(base).data().stringValue();
      assertThat(slow.guest(101).lock()).isEqualTo("snapshot-delete");
      // abort it: lock and snapstate stay as a killed worker leaves them
      assertThat(h.delete("/nodes/pve1/tasks/" + SimHttp.enc(upid)).status()).isEqualTo(200);
      String rb = h.post(base + "/rollback").data().stringValue();
      assertThat(h.awaitTask(rb).get("exitstatus").stringValue())
          .isEqualTo("unable to rollback to incomplete snapshot (snapstate = delete)");
    }
  }

  @Test
  @DisplayName(
      "a storage without snapshots fails in __snapshot_prepare, no cleanup line"
          + " (pve-guest-common AbstractConfig.pm)")
  void dirStorageRefusesWithoutCleanup() {
    String upid =
        http.post("/nodes/pve1/lxc/104/snapshot", "snapname", "nope").data().stringValue();
    assertThat(http.awaitTask(upid).get("exitstatus").stringValue())
        .isEqualTo("snapshot feature is not available");
    JsonNode log = http.get("/nodes/pve1/tasks/" + upid + "/log").data();
    for (JsonNode line : log) {
      assertThat(line.get("t").stringValue()).doesNotContain("cleanup");
    }
    assertThat(sim.guest(104).lock()).isNull();
  }
}
