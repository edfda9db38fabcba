package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MetricsIntegrationTests {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:05Z");

  ProxmoxSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder().ssh(false).clock(Clock.fixed(T0, ZoneOffset.UTC)).build());
    http = new SimHttp(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  Map<Integer, JsonNode> resources() {
    Map<Integer, JsonNode> out = new HashMap<>();
    for (JsonNode n : http.get("/cluster/resources?type=vm").data()) {
      out.put(n.get("vmid").intValue(), n);
    }
    return out;
  }

  @Test
  void clusterResourcesFields() {
    Map<Integer, JsonNode> r = resources();
    assertThat(r).containsKeys(101, 102, 103, 104, 105, 200, 201);
    JsonNode web = r.get(101);
    for (String f :
        new String[] {
          "id",
          "type",
          "vmid",
          "node",
          "status",
          "name",
          "template",
          "uptime",
          "maxcpu",
          "cpu",
          "maxmem",
          "mem",
          "memhost",
          "maxdisk",
          "disk",
          "netin",
          "netout",
          "diskread",
          "diskwrite"
        }) {
      assertThat(web.has(f)).as(f).isTrue();
    }
    assertThat(web.get("id").stringValue()).isEqualTo("lxc/101");
    assertThat(web.get("cpu").doubleValue()).isBetween(0.0, 1.0);
    JsonNode stopped = r.get(102);
    assertThat(stopped.get("status").stringValue()).isEqualTo("stopped");
    assertThat(stopped.get("mem").longValue()).isZero();
    assertThat(stopped.get("netin").longValue()).isZero();
    assertThat(r.get(200).get("disk").longValue()).isZero();
    assertThat(r.get(103).get("cpu").doubleValue()).isGreaterThanOrEqualTo(0.95);

    long netin = web.get("netin").longValue();
    sim.advanceClock(Duration.ofSeconds(10));
    assertThat(resources().get(101).get("netin").longValue()).isGreaterThan(netin);

    JsonNode all = http.get("/cluster/resources").data();
    assertThat(all.findValues("type").stream().map(JsonNode::stringValue))
        .contains("lxc", "qemu", "node", "storage");
  }

  @Test
  void hotGuestShowsEverywhere() {
    sim.setHot(101, true);
    assertThat(resources().get(101).get("cpu").doubleValue()).isGreaterThanOrEqualTo(0.95);
    assertThat(http.get("/nodes/pve1/lxc/101/status/current").data().get("cpu").doubleValue())
        .isGreaterThanOrEqualTo(0.95);
    sim.advanceClock(Duration.ofMinutes(3));
    JsonNode rrd = http.get("/nodes/pve1/lxc/101/rrddata?timeframe=hour").data();
    assertThat(rrd.get(rrd.size() - 1).get("cpu").doubleValue()).isGreaterThanOrEqualTo(0.95);
    sim.setHot(101, false);
    assertThat(resources().get(101).get("cpu").doubleValue()).isLessThan(0.95);
  }

  @Test
  void freshGuestIsUnknownUntilTheNextSample() {
    http.awaitTask(
        http.post(
                "/nodes/pve1/lxc",
                "vmid",
                "300",
                "ostemplate",
                "local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz")
            .data()
            .stringValue());
    JsonNode fresh = resources().get(300);
    assertThat(fresh.get("status").stringValue()).isEqualTo("unknown");
    assertThat(fresh.has("name")).isFalse();
    assertThat(fresh.has("cpu")).isFalse();
    sim.advanceClock(Duration.ofSeconds(10));
    assertThat(resources().get(300).get("status").stringValue()).isEqualTo("stopped");
    assertThat(resources().get(300).get("name").stringValue()).isEqualTo("CT300");
  }

  @Test
  void rrdShapes() {
    Map<String, long[]> shapes =
        Map.of(
            "hour", new long[] {60, 60},
            "day", new long[] {60, 1440},
            "week", new long[] {1800, 336},
            "month", new long[] {1800, 1440},
            "year", new long[] {21600, 1440});
    shapes.forEach(
        (tf, shape) -> {
          JsonNode d =
              http.get("/nodes/pve1/lxc/101/rrddata?timeframe=" + tf + "&cf=AVERAGE").data();
          assertThat(d.size()).as(tf).isEqualTo((int) shape[1]);
          assertThat(d.get(0).get("time").longValue() % shape[0]).isZero();
          assertThat(d.get(1).get("time").longValue() - d.get(0).get("time").longValue())
              .isEqualTo(shape[0]);
        });
    JsonNode hour = http.get("/nodes/pve1/lxc/101/rrddata?timeframe=hour").data();
    JsonNode last = hour.get(hour.size() - 1);
    assertThat(last.has("cpu")).isTrue();
    assertThat(last.get("netin").doubleValue()).isPositive();
    assertThat(last.get("maxcpu").intValue()).isEqualTo(2);

    JsonNode stopped = http.get("/nodes/pve2/lxc/102/rrddata?timeframe=hour").data();
    JsonNode p = stopped.get(10);
    assertThat(p.has("maxmem")).isTrue();
    assertThat(p.get("disk").intValue()).isZero();
    assertThat(p.has("cpu")).isFalse();
    assertThat(p.has("netin")).isFalse();

    JsonNode max = http.get("/nodes/pve1/lxc/101/rrddata?timeframe=hour&cf=MAX").data();
    assertThat(max.get(max.size() - 1).get("cpu").doubleValue())
        .isGreaterThanOrEqualTo(last.get("cpu").doubleValue());
    // deterministic
    assertThat(http.get("/nodes/pve1/lxc/101/rrddata?timeframe=hour").body())
        .isEqualTo(http.get("/nodes/pve1/lxc/101/rrddata?timeframe=hour").body());
  }

  @Test
  void listsPerNode() {
    JsonNode lxc = http.get("/nodes/pve1/lxc").data();
    assertThat(lxc.findValues("vmid").stream().map(JsonNode::intValue)).containsOnly(101, 103, 104);
    assertThat(lxc.get(0).has("ha")).isFalse();
    JsonNode qm = http.get("/nodes/pve1/qemu").data();
    assertThat(qm.get(0).get("vmid").intValue()).isEqualTo(200);
    assertThat(qm.get(0).has("type")).isFalse();
    JsonNode qmFull = http.get("/nodes/pve1/qemu?full=1").data();
    assertThat(qmFull.get(0).get("qmpstatus").stringValue()).isEqualTo("running");
    JsonNode nodes = http.get("/nodes").data();
    assertThat(nodes.get(0).get("ssl_fingerprint").stringValue())
        .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void tenThousandGuests() {
    try (ProxmoxSimulator big =
        ProxmoxSimulator.start(
            SimulatorConfig.builder().ssh(false).seed(GuestSeed.generated(10_000)).build())) {
      SimHttp h = new SimHttp(big);
      SimHttp.Resp first = h.get("/cluster/resources?type=vm");
      assertThat(first.data().size()).isEqualTo(10_000);
      SimHttp.Resp cached = h.get("/cluster/resources?type=vm");
      assertThat(cached.millis()).isLessThan(2000);
      assertThat(big.nodes()).hasSize(20);
    }
  }

  @Test
  void guestAgentFilesystemInfo() {
    JsonNode fs = http.get("/nodes/pve1/qemu/200/agent/get-fsinfo").data().get("result").get(0);
    assertThat(fs.get("mountpoint").stringValue()).isEqualTo("/");
    long total = fs.get("total-bytes").longValue();
    long used = fs.get("used-bytes").longValue();
    assertThat(total).isPositive();
    assertThat(used).isPositive().isLessThan(total);
    SimHttp.Resp noAgent = http.get("/nodes/pve2/qemu/201/agent/get-fsinfo");
    assertThat(noAgent.status()).isEqualTo(500);
    assertThat(noAgent.reason()).isEqualTo("No QEMU guest agent configured");
  }
}
