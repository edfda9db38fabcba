package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
}
