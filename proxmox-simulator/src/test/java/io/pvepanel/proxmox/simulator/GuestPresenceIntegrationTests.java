package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Missing guests, wrong nodes, config locks and file-lock time-outs, per call as PVE answers. */
class GuestPresenceIntegrationTests {

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

  /** The sync 500 reason, asserting it is one. */
  String fails(SimHttp.Resp r) {
    assertThat(r.status()).as(r.body()).isEqualTo(500);
    return r.reason();
  }

  /** The exit status of the task the call started, asserting it answered a UPID. */
  String task(SimHttp.Resp r) {
    assertThat(r.status()).as(r.reason()).isEqualTo(200);
    return http.awaitTask(r.data().stringValue()).get("exitstatus").stringValue();
  }

  @Test
  @DisplayName(
      "unknown node: 500 hostname lookup (pve-manager HTTPServer.pm, pve-cluster Cluster.pm"
          + " remote_node_ip, pve-common Network.pm get_ip_from_hostname)")
  void unknownNode() {
    SimHttp.Resp r = http.get("/nodes/nope/lxc/101/status/current");
    assertThat(fails(r))
        .isEqualTo(
            "hostname lookup 'nope' failed - failed to get address info for: nope:"
                + " Name or service not known");
    assertThat(fails(http.post("/nodes/nope/qemu/200/status/start"))).startsWith("hostname lookup");
  }

  @Test
  @DisplayName("LXC missing here: per call (pve-container src/PVE/API2/LXC/Status.pm, Snapshot.pm)")
  void lxcMissingOrOnAnotherNode() {
    // 105 lives on pve2: on pve1 it is as absent as 999
    for (int vmid : new int[] {105, 999}) {
      String base = "/nodes/pve1/lxc/" + vmid;
      String conf = "Configuration file 'nodes/pve1/lxc/" + vmid + ".conf' does not exist";
      assertThat(task(http.post(base + "/status/start"))).isEqualTo(conf);
      assertThat(fails(http.post(base + "/status/stop"))).isEqualTo("CT " + vmid + " not running");
      assertThat(fails(http.post(base + "/status/shutdown")))
          .isEqualTo("CT " + vmid + " not running");
      assertThat(fails(http.post(base + "/status/suspend")))
          .isEqualTo("CT " + vmid + " not running");
      assertThat(fails(http.post(base + "/status/reboot")))
          .isEqualTo("VM " + vmid + " not running");
      assertThat(task(http.post(base + "/status/resume")))
          .isEqualTo(
              "command 'lxc-checkpoint -n "
                  + vmid
                  + " -r --foreground -D /var/lib/vz/dump' failed: exit code 1");
      assertThat(fails(http.get(base + "/status/current"))).isEqualTo(conf);
      assertThat(task(http.post(base + "/snapshot", "snapname", "s1"))).isEqualTo(conf);
      assertThat(task(http.post(base + "/snapshot/s1/rollback"))).isEqualTo(conf);
      assertThat(task(http.delete(base + "/snapshot/s1"))).isEqualTo(conf);
      assertThat(fails(http.delete(base))).isEqualTo(conf);
    }
  }

  @Test
  @DisplayName(
      "QEMU missing here: per call (qemu-server src/PVE/API2/Qemu.pm, QemuServer.pm vm_start,"
          + " _do_vm_stop, QemuConfig.pm assert_config_exists_on_node)")
  void qemuMissingOrOnAnotherNode() {
    for (int vmid : new int[] {201, 999}) {
      String base = "/nodes/pve1/qemu/" + vmid;
      String conf = "Configuration file 'nodes/pve1/qemu-server/" + vmid + ".conf' does not exist";
      String notHere = "unable to find configuration file for VM " + vmid + " on node 'pve1'";
      assertThat(task(http.post(base + "/status/start"))).isEqualTo(conf);
      assertThat(task(http.post(base + "/status/stop"))).isEqualTo(notHere);
      assertThat(task(http.post(base + "/status/shutdown"))).isEqualTo(notHere);
      assertThat(fails(http.post(base + "/status/reboot"))).isEqualTo(notHere);
      assertThat(fails(http.post(base + "/status/reset"))).isEqualTo(notHere);
      assertThat(fails(http.post(base + "/status/suspend"))).isEqualTo(notHere);
      assertThat(fails(http.post(base + "/status/resume"))).isEqualTo(notHere);
      assertThat(fails(http.post(base + "/snapshot", "snapname", "s1"))).isEqualTo(conf);
      assertThat(task(http.post(base + "/snapshot/s1/rollback"))).isEqualTo(conf);
      assertThat(task(http.delete(base + "/snapshot/s1"))).isEqualTo(conf);
      assertThat(fails(http.delete(base))).isEqualTo(conf);
    }
    // the snapshot directory index checks nothing (snapshot_cmd_idx)
    assertThat(http.get("/nodes/pve1/qemu/999/snapshot/s1").status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "lock rules per action (pve-container API2/LXC/Status.pm, LXC.pm vm_reboot; qemu-server"
          + " QemuServer.pm vm_start, _do_vm_stop, destroy_vm)")
  void lockRulesPerAction() {
    // LXC reboot takes the config file lock but checks no config lock
    sim.setLock(101, "backup");
    assertThat(task(http.post("/nodes/pve1/lxc/101/status/reboot"))).isEqualTo("OK");
    assertThat(task(http.post("/nodes/pve1/lxc/101/status/shutdown")))
        .isEqualTo("CT is locked (backup)");
    assertThat(task(http.post("/nodes/pve1/lxc/101/status/stop")))
        .isEqualTo("CT is locked (backup)");
    // LXC stop ignores 'mounted'; shutdown does not
    sim.setLock(101, "mounted");
    assertThat(task(http.post("/nodes/pve1/lxc/101/status/shutdown")))
        .isEqualTo("CT is locked (mounted)");
    assertThat(task(http.post("/nodes/pve1/lxc/101/status/stop"))).isEqualTo("OK");
    // LXC resume checks no lock
    sim.setLock(102, "backup");
    assertThat(task(http.post("/nodes/pve2/lxc/102/status/resume"))).isEqualTo("OK");

    // QEMU start with 'suspended' resumes from hibernation and drops the lock
    sim.setLock(201, "suspended");
    assertThat(task(http.post("/nodes/pve2/qemu/201/status/start"))).isEqualTo("OK");
    assertThat(sim.guest(201).status()).isEqualTo("running");
    assertThat(sim.guest(201).lock()).isNull();
    // QEMU stop of a stopped VM never reaches the lock check
    assertThat(task(http.post("/nodes/pve2/qemu/201/status/stop"))).isEqualTo("OK");
    sim.setLock(201, "backup");
    assertThat(task(http.post("/nodes/pve2/qemu/201/status/stop"))).isEqualTo("OK");
    // QEMU destroy checks the lock inside its task
    assertThat(task(http.delete("/nodes/pve2/qemu/201"))).isEqualTo("VM is locked (backup)");
    assertThat(sim.guest(201)).isNotNull();
  }

  @Test
  @DisplayName(
      "config file lock time-out (pve-common Tools.pm lock_file_full; LXC/Config.pm and"
          + " QemuConfig.pm config_file_lock)")
  void fileLockTimeout() {
    sim.holdConfigFileLock(101, true);
    sim.holdConfigFileLock(200, true);
    assertThat(task(http.post("/nodes/pve1/lxc/101/status/stop")))
        .isEqualTo("can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout");
    assertThat(task(http.post("/nodes/pve1/lxc/101/snapshot", "snapname", "s1")))
        .isEqualTo("can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout");
    assertThat(task(http.post("/nodes/pve1/qemu/200/status/reset")))
        .isEqualTo("can't lock file '/var/lock/qemu-server/lock-200.conf' - got timeout");
    assertThat(sim.guest(101).status()).isEqualTo("running");
    sim.holdConfigFileLock(101, false);
    assertThat(task(http.post("/nodes/pve1/lxc/101/status/stop"))).isEqualTo("OK");
    // and through the admin surface
    assertThat(http.post("/_sim/guests/102/file-lock", "held", "1").status()).isEqualTo(200);
    assertThat(task(http.post("/nodes/pve2/lxc/102/status/start")))
        .isEqualTo("can't lock file '/run/lock/lxc/pve-config-102.lock' - got timeout");
  }
}
