package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** rrddata as pve-cluster src/PVE/RRD.pm serves it: recorded history, files written by pvestatd. */
class RrdHistoryIntegrationTests {

  ProxmoxSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    // a fixed clock 3 s after a pvestatd tick: only advanceClock moves time
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .ssh(false)
                .clock(Clock.fixed(Instant.parse("2026-12-03T12:00:03Z"), ZoneOffset.UTC))
                .build());
    http = new SimHttp(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  JsonNode hour(String guest) {
    SimHttp.Resp r = http.get(guest + "/rrddata?timeframe=hour");
    assertThat(r.status()).as(r.reason()).isEqualTo(200);
    return r.data();
  }

  @Test
  @DisplayName(
      "stopping a guest does not rewrite the hour before as stopped (RRD.pm create_rrd_data)")
  void historyIsRecordedNotDerived() {
    JsonNode before = hour("/nodes/pve1/lxc/101");
    http.awaitTask(http.post("/nodes/pve1/lxc/101/status/stop").data().stringValue());
    sim.advanceClock(Duration.ofMinutes(5));
    JsonNode after = hour("/nodes/pve1/lxc/101");
    // the newest points are stopped ...
    assertThat(after.get(after.size() - 1).has("cpu")).isFalse();
    // ... the minutes before the stop still show it running, as recorded then
    long t = before.get(before.size() - 2).get("time").longValue();
    JsonNode then = null;
    for (JsonNode p : after) {
      if (p.get("time").longValue() == t) {
        then = p;
      }
    }
    assertThat(then).isNotNull();
    assertThat(then.get("cpu").doubleValue()).isPositive();
    assertThat(then.get("netin").doubleValue()).isPositive();

    // a cooled guest keeps its hot past
    sim.setHot(105, true);
    sim.advanceClock(Duration.ofMinutes(3));
    sim.setHot(105, false);
    sim.advanceClock(Duration.ofMinutes(3));
    JsonNode cooled = hour("/nodes/pve2/lxc/105");
    assertThat(cooled.get(cooled.size() - 5).get("cpu").doubleValue()).isGreaterThanOrEqualTo(0.95);
    assertThat(cooled.get(cooled.size() - 1).get("cpu").doubleValue()).isLessThan(0.95);
  }

  @Test
  @DisplayName(
      "a new guest has no RRD file until pvestatd's next tick: 500 RRD error (RRD.pm, rrdcached"
          + " fetch); a destroyed guest's file stays")
  void newGuestHasNoRrdFileYet() {
    http.awaitTask(
        http.post(
                "/nodes/pve1/lxc",
                "vmid",
                "300",
                "ostemplate",
                "local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz")
            .data()
            .stringValue());
    SimHttp.Resp fresh = http.get("/nodes/pve1/lxc/300/rrddata?timeframe=hour");
    assertThat(fresh.status()).isEqualTo(500);
    assertThat(fresh.reason())
        .isEqualTo(
            "RRD error: rrdcached@unix:/var/run/rrdcached.sock: rrd_fetch_r failed: opening"
                + " '/var/lib/rrdcached/db/pve-vm-9.0/300': No such file or directory");
    sim.advanceClock(Duration.ofSeconds(10));
    assertThat(http.get("/nodes/pve1/lxc/300/rrddata?timeframe=hour").status()).isEqualTo(200);

    // never existed: no file either; rrddata does not load the config
    assertThat(http.get("/nodes/pve1/qemu/999/rrddata?timeframe=hour").reason())
        .startsWith("RRD error: ");
    // destroyed: the file and its history remain
    http.awaitTask(http.delete("/nodes/pve2/lxc/102").data().stringValue());
    assertThat(http.get("/nodes/pve2/lxc/102/rrddata?timeframe=hour").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("PVE 8 RRD shape: 70 points per timeframe, pve2-vm (pve-cluster RRD.pm before 9.0)")
  void pve8Shape() {
    try (ProxmoxSimulator pve8 =
        ProxmoxSimulator.start(SimulatorConfig.builder().ssh(false).pveVersion(8).build())) {
      SimHttp h = new SimHttp(pve8);
      assertThat(h.get("/version").data().get("release").stringValue()).isEqualTo("8.4");
      Map<String, Long> res =
          Map.of("hour", 60L, "day", 1800L, "week", 10800L, "month", 43200L, "year", 604800L);
      res.forEach(
          (tf, step) -> {
            JsonNode d = h.get("/nodes/pve1/lxc/101/rrddata?timeframe=" + tf).data();
            assertThat(d.size()).as(tf).isEqualTo(70);
            assertThat(d.get(1).get("time").longValue() - d.get(0).get("time").longValue())
                .isEqualTo(step);
          });
      JsonNode last = h.get("/nodes/pve1/qemu/200/rrddata?timeframe=hour").data().get(69);
      assertThat(last.has("cpu")).isTrue();
      assertThat(last.has("pressurecpusome")).isFalse();
      assertThat(last.has("memhost")).isFalse();
    }
  }
}
