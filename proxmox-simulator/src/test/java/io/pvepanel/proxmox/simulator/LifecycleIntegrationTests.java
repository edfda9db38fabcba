package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LifecycleIntegrationTests {

  static final Pattern UPID =
      Pattern.compile(
          "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
              + "([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");

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

  String upid(SimHttp.Resp r) {
    assertThat(r.status()).as(r.reason()).isEqualTo(200);
    String upid = r.data().stringValue();
    assertThat(upid).matches(UPID);
    return upid;
  }

  @Test
  void lxcStopStartWithTasks() {
    String upid = upid(http.post("/nodes/pve1/lxc/101/status/stop"));
    assertThat(upid).startsWith("UPID:pve1:").endsWith(":vzstop:101:panel@pve!ctl:");
    JsonNode status = http.awaitTask(upid);
    assertThat(status.get("exitstatus").stringValue()).isEqualTo("OK");
    assertThat(status.get("user").stringValue()).isEqualTo("panel@pve");
    assertThat(status.get("tokenid").stringValue()).isEqualTo("ctl");
    assertThat(status.get("type").stringValue()).isEqualTo("vzstop");
    assertThat(sim.guest(101).status()).isEqualTo("stopped");

    SimHttp.Resp again = http.post("/nodes/pve1/lxc/101/status/stop");
    assertThat(again.status()).isEqualTo(500);
    assertThat(again.reason()).isEqualTo("CT 101 not running");
    assertThat(http.post("/nodes/pve1/lxc/101/status/reboot").reason())
        .isEqualTo("VM 101 not running");

    http.awaitTask(upid(http.post("/nodes/pve1/lxc/101/status/start")));
    JsonNode cur = http.get("/nodes/pve1/lxc/101/status/current").data();
    assertThat(cur.get("status").stringValue()).isEqualTo("running");
    assertThat(cur.get("type").stringValue()).isEqualTo("lxc");
    assertThat(cur.get("ha").get("managed").intValue()).isZero();
    SimHttp.Resp running = http.post("/nodes/pve1/lxc/101/status/start");
    assertThat(running.status()).isEqualTo(500);
    assertThat(running.reason()).isEqualTo("CT 101 already running");
  }

  @Test
  void taskLog() {
    String upid = upid(http.post("/nodes/pve1/lxc/101/status/shutdown", "timeout", "30"));
    SimHttp.Resp log = http.get("/nodes/pve1/tasks/" + SimHttp.enc(upid) + "/log?start=0&limit=50");
    assertThat(log.json().get("total").intValue()).isEqualTo(1);
    assertThat(log.data().get(0).get("n").intValue()).isEqualTo(1);
    assertThat(log.data().get(0).get("t").stringValue()).isEqualTo("TASK OK");

    SimHttp.Resp bad = http.get("/nodes/pve1/tasks/UPID:garbage/status");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").get("upid").stringValue())
        .isEqualTo("unable to parse worker upid");
    SimHttp.Resp unknown =
        http.get(
            "/nodes/pve1/tasks/UPID:pve1:0000AAAA:0000BBBB:66E1A2B3:vzstart:101:root@pam:/status");
    assertThat(unknown.json().get("errors").get("upid").stringValue()).isEqualTo("no such task");
  }

  @Test
  void qemuAsyncErrorsAndPause() {
    JsonNode failed = http.awaitTask(upid(http.post("/nodes/pve1/qemu/200/status/start")));
    assertThat(failed.get("exitstatus").stringValue()).isEqualTo("VM 200 already running");
    SimHttp.Resp log =
        http.get("/nodes/pve1/tasks/" + SimHttp.enc(failed.get("upid").stringValue()) + "/log");
    assertThat(log.data().get(log.data().size() - 1).get("t").stringValue())
        .isEqualTo("TASK ERROR: VM 200 already running");

    http.awaitTask(upid(http.post("/nodes/pve1/qemu/200/status/suspend")));
    JsonNode cur = http.get("/nodes/pve1/qemu/200/status/current").data();
    assertThat(cur.get("status").stringValue()).isEqualTo("running");
    assertThat(cur.get("qmpstatus").stringValue()).isEqualTo("paused");
    assertThat(http.post("/nodes/pve1/qemu/200/status/shutdown").reason())
        .isEqualTo("VM is paused - cannot shutdown");
    http.awaitTask(upid(http.post("/nodes/pve1/qemu/200/status/resume")));
    assertThat(sim.guest(200).status()).isEqualTo("running");

    // stop of a stopped VM is a no-op task that succeeds
    assertThat(
            http.awaitTask(upid(http.post("/nodes/pve2/qemu/201/status/stop")))
                .get("exitstatus")
                .stringValue())
        .isEqualTo("OK");
    assertThat(http.post("/nodes/pve2/qemu/201/status/reset").reason())
        .isEqualTo("VM 201 not running");
  }

  @Test
  void configLockFailsInsideTheTask() {
    sim.setLock(102, "backup");
    JsonNode t = http.awaitTask(upid(http.post("/nodes/pve2/lxc/102/status/start")));
    assertThat(t.get("exitstatus").stringValue()).isEqualTo("CT is locked (backup)");
    assertThat(http.get("/nodes/pve2/lxc/102/status/current").data().get("lock").stringValue())
        .isEqualTo("backup");
    assertThat(http.put("/nodes/pve2/lxc/102/config", "cores", "2").reason())
        .isEqualTo("CT is locked (backup)");
  }

  @Test
  void tasksRunForTheConfiguredDurationAndHoldTheLock() {
    try (ProxmoxSimulator slow =
        ProxmoxSimulator.start(
            SimulatorConfig.builder().ssh(false).taskDuration(Duration.ofMillis(400)).build())) {
      SimHttp h = new SimHttp(slow);
      String upid = upid(h.post("/nodes/pve1/lxc/101/snapshot", "snapname", "slow1"));
      JsonNode st = h.get("/nodes/pve1/tasks/" + SimHttp.enc(upid) + "/status").data();
      assertThat(st.get("status").stringValue()).isEqualTo("running");
      assertThat(st.has("exitstatus")).isFalse();
      assertThat(slow.guest(101).lock()).isEqualTo("snapshot");
      JsonNode second =
          h.awaitTask(upid(h.post("/nodes/pve1/lxc/101/snapshot", "snapname", "slow2")));
      assertThat(second.get("exitstatus").stringValue()).isEqualTo("CT is locked (snapshot)");
      assertThat(h.awaitTask(upid).get("exitstatus").stringValue()).isEqualTo("OK");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> slow.guest(101).lock() == null);

      String stop = upid(h.post("/nodes/pve1/lxc/101/status/stop"));
      assertThat(h.delete("/nodes/pve1/tasks/" + SimHttp.enc(stop)).status()).isEqualTo(200);
      assertThat(h.awaitTask(stop).get("exitstatus").stringValue()).isEqualTo("received interrupt");
      assertThat(slow.guest(101).status()).isEqualTo("running");
    }
  }

  @Test
  void createStartAndDestroy() {
    String upid =
        upid(
            http.post(
                "/nodes/pve1/lxc",
                "vmid",
                "150",
                "ostemplate",
                "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                "hostname",
                "new01",
                "password",
                "Secret-Pass-1",
                "cores",
                "2",
                "memory",
                "1024",
                "swap",
                "256",
                "rootfs",
                "local-lvm:8",
                "net0",
                "name=eth0,bridge=vmbr0,ip=dhcp",
                "unprivileged",
                "1",
                "start",
                "1"));
    assertThat(upid).contains(":vzcreate:150:");
    assertThat(http.awaitTask(upid).get("exitstatus").stringValue()).isEqualTo("OK");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sim.guest(150).status().equals("running"));
    assertThat(sim.passwordMatches(150, "Secret-Pass-1")).isTrue();
    JsonNode cfg = http.get("/nodes/pve1/lxc/150/config").data();
    assertThat(cfg.get("hostname").stringValue()).isEqualTo("new01");
    assertThat(cfg.get("rootfs").stringValue()).isEqualTo("local-lvm:vm-150-disk-0,size=8G");

    SimHttp.Resp exists =
        http.post("/nodes/pve2/lxc", "vmid", "150", "ostemplate", "local:vztmpl/x.tar.zst");
    assertThat(exists.reason()).isEqualTo("CT 150 already exists on node 'pve1'");

    SimHttp.Resp running = http.delete("/nodes/pve1/lxc/150?purge=1&destroy-unreferenced-disks=1");
    assertThat(running.reason()).isEqualTo("unable to destroy CT 150 - container is running");
    String destroy =
        upid(http.delete("/nodes/pve1/lxc/150?purge=1&destroy-unreferenced-disks=1&force=1"));
    assertThat(http.awaitTask(destroy).get("exitstatus").stringValue()).isEqualTo("OK");
    assertThat(sim.guest(150)).isNull();

    JsonNode bad =
        http.awaitTask(
            upid(
                http.post(
                    "/nodes/pve1/lxc", "vmid", "151", "ostemplate", "local:vztmpl/nope.tar.zst")));
    assertThat(bad.get("exitstatus").stringValue())
        .isEqualTo("unable to create CT 151 - volume 'local:vztmpl/nope.tar.zst' does not exist");
    assertThat(sim.guest(151)).isNull();

    assertThat(http.delete("/nodes/pve1/qemu/200").reason())
        .isEqualTo("VM 200 is running - destroy failed");
  }

  @Test
  void taskList() {
    String ok = upid(http.post("/nodes/pve1/lxc/101/status/stop"));
    String failed = upid(http.post("/nodes/pve1/qemu/200/status/start"));
    JsonNode list = http.get("/nodes/pve1/tasks?source=all").data();
    assertThat(list.get(0).get("upid").stringValue()).isEqualTo(failed);
    assertThat(list.get(0).get("status").stringValue()).isEqualTo("VM 200 already running");
    assertThat(list.get(1).get("upid").stringValue()).isEqualTo(ok);
    assertThat(http.get("/nodes/pve1/tasks?errors=1").data().size()).isEqualTo(1);
    assertThat(http.get("/nodes/pve1/tasks?vmid=101").data().size()).isEqualTo(1);
    assertThat(http.get("/nodes/pve2/tasks").data().size()).isZero();
  }

  @Test
  void lxcConfigHasNoPasswordParameter() {
    SimHttp.Resp r = http.put("/nodes/pve1/lxc/101/config", "password", "whatever1");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get("password").stringValue())
        .startsWith("property is not defined in schema");
  }

  @Test
  void qemuAgentPassword() {
    SimHttp.Resp ok =
        http.post(
            "/nodes/pve1/qemu/200/agent/set-user-password",
            "username",
            "Administrator",
            "password",
            "Abcdef12");
    assertThat(ok.body()).isEqualTo("{\"data\":{\"result\":{}}}");
    assertThat(sim.passwordMatches(200, "Abcdef12")).isTrue();
    assertThat(sim.passwordChangeCount(200)).isEqualTo(1);
    assertThat(
            http.post(
                    "/nodes/pve2/qemu/201/agent/set-user-password",
                    "username",
                    "root",
                    "password",
                    "Abcdef12")
                .reason())
        .isEqualTo("No QEMU guest agent configured");
    SimHttp.Resp shortPw =
        http.post(
            "/nodes/pve1/qemu/200/agent/set-user-password", "username", "root", "password", "abc");
    assertThat(shortPw.json().get("errors").get("password").stringValue())
        .isEqualTo("value must be at least 5 characters long");
    http.awaitTask(upid(http.post("/nodes/pve1/qemu/200/status/stop")));
    assertThat(
            http.post(
                    "/nodes/pve1/qemu/200/agent/set-user-password",
                    "username",
                    "root",
                    "password",
                    "Abcdef12")
                .reason())
        .isEqualTo("VM 200 is not running");
  }
}
