package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How tasks end and how unknown tasks answer (pve-manager API2/Tasks.pm, pve-common UPID.pm). */
class TaskEndIntegrationTests {

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

  @Test
  @DisplayName(
      "a log_warn makes the task end 'WARNINGS: n' (pve-common RESTEnvironment.pm, UPID.pm"
          + " read_status; qemu-server QemuServer.pm: MTU on a non-VirtIO NIC)")
  void warningsEndATask() {
    assertThat(
            http.put(
                    "/nodes/pve2/qemu/201/config",
                    "net0",
                    "e1000=BC:24:11:00:00:C9,bridge=vmbr0,mtu=1400")
                .body())
        .isEqualTo("{\"data\":null}");
    String upid = http.post("/nodes/pve2/qemu/201/status/start").data().stringValue();
    JsonNode status = http.awaitTask(upid);
    assertThat(status.get("exitstatus").stringValue()).isEqualTo("WARNINGS: 1");
    JsonNode log = http.get("/nodes/pve2/tasks/" + SimHttp.enc(upid) + "/log").data();
    assertThat(log.get(0).get("t").stringValue())
        .isEqualTo("WARN: netdev net0: ignoring MTU '1400', not using VirtIO");
    assertThat(log.get(log.size() - 1).get("t").stringValue()).isEqualTo("TASK WARNINGS: 1");
    assertThat(sim.guest(201).status()).isEqualTo("running");
    // a warning is not OK: the task list's errors filter keeps it
    JsonNode errors = http.get("/nodes/pve2/tasks?errors=1").data();
    assertThat(errors.toString()).contains(upid);
  }

  @Test
  @DisplayName(
      "unknown UPID: status 400 'no such task', log 200 with the unopened file's line"
          + " (pve-manager API2/Tasks.pm read_task_status / read_task_log, Tools.pm dump_logfile)")
  void unknownTask() {
    String upid = "UPID:pve1:0000AAAA:0000BBBB:66E1A2B3:vzstart:101:root@pam:";
    SimHttp.Resp status = http.get("/nodes/pve1/tasks/" + SimHttp.enc(upid) + "/status");
    assertThat(status.status()).isEqualTo(400);
    assertThat(status.json().get("errors").get("upid").stringValue()).isEqualTo("no such task");
    SimHttp.Resp log = http.get("/nodes/pve1/tasks/" + SimHttp.enc(upid) + "/log");
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.json().get("total").intValue()).isEqualTo(1);
    assertThat(log.data().get(0).get("t").stringValue())
        .isEqualTo("unable to open file - No such file or directory");
    // a task of pve1 asked on pve2: that node has no such file either
    String real = http.post("/nodes/pve1/lxc/101/status/stop").data().stringValue();
    assertThat(http.get("/nodes/pve2/tasks/" + SimHttp.enc(real) + "/status").status())
        .isEqualTo(400);
  }
}
