package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransportIntegrationTests {

  static ProxmoxSimulator sim;
  static SimHttp http;

  @BeforeAll
  static void start() {
    sim = ProxmoxSimulator.start(SimulatorConfig.builder().ssh(false).build());
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void successEnvelopeAndServerHeader() {
    SimHttp.Resp r = http.get("/version");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("Server")).isEqualTo("pve-api-daemon/3.0");
    assertThat(r.headers().get("Content-Type")).isEqualTo("application/json;charset=UTF-8");
    assertThat(r.data().get("version").stringValue()).startsWith("9.");
  }

  @Test
  void unknownRouteIs501WithReasonAndClose() {
    SimHttp.Resp r = http.get("/nodes/pve1/foo");
    assertThat(r.status()).isEqualTo(501);
    assertThat(r.reason()).isEqualTo("Method 'GET /nodes/pve1/foo' not implemented");
    assertThat(r.message()).isEqualTo("Method 'GET /nodes/pve1/foo' not implemented\n");
    assertThat(r.json().get("data").isNull()).isTrue();
    assertThat(r.headers().get("Connection")).isEqualToIgnoringCase("close");
    // POST on LXC config only exists as PUT
    assertThat(http.post("/nodes/pve1/lxc/101/config", "cores", "2").status()).isEqualTo(501);
  }

  @Test
  void bodyOnDeleteIsRejected() {
    SimHttp.Resp r =
        http.send(
            "DELETE",
            "/nodes/pve1/lxc/102",
            "force=1",
            "application/x-www-form-urlencoded",
            h -> h.set("Authorization", sim.apiTokenHeaderValue()));
    assertThat(r.status()).isEqualTo(501);
    assertThat(r.reason()).isEqualTo("Unexpected content for method 'DELETE'");
  }

  @Test
  void parameterVerification() {
    SimHttp.Resp r = http.post("/nodes/pve1/lxc/101/status/stop", "skiplock", "true", "bogus", "1");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo("Parameter verification failed.");
    assertThat(r.message()).isEqualTo("Parameter verification failed.\n");
    assertThat(r.json().get("errors").get("skiplock").stringValue())
        .isEqualTo("type check ('boolean') failed - got 'true'");
    assertThat(r.json().get("errors").get("bogus").stringValue())
        .isEqualTo(
            "property is not defined in schema and the schema does not allow additional"
                + " properties");

    SimHttp.Resp integer = http.post("/nodes/pve1/lxc/101/status/shutdown", "timeout", "abc");
    assertThat(integer.json().get("errors").get("timeout").stringValue())
        .isEqualTo("type check ('integer') failed - got 'abc'");

    SimHttp.Resp vmid = http.get("/nodes/pve1/lxc/99/status/current");
    assertThat(vmid.status()).isEqualTo(400);
    assertThat(vmid.json().get("errors").get("vmid").stringValue())
        .isEqualTo("invalid format - value does not look like a valid VM ID\n");

    SimHttp.Resp dup = http.post("/nodes/pve1/lxc/101/status/stop", "vmid", "102");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.json().get("errors").get("vmid").stringValue())
        .isEqualTo("duplicate parameter (already defined in URI) with conflicting values!");

    SimHttp.Resp enumError = http.get("/nodes/pve1/lxc/101/rrddata?timeframe=hours");
    assertThat(enumError.json().get("errors").get("timeframe").stringValue())
        .isEqualTo(
            "value 'hours' does not have a value in the enumeration 'hour, day, week, month, year'");
  }

  @Test
  void jsonBodiesAcceptRealBooleans() {
    SimHttp.Resp r =
        http.postJson(
            "/nodes/pve1/qemu/200/snapshot", "{\"snapname\":\"viajson\",\"vmstate\":true}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(http.awaitTask(r.data().stringValue()).get("exitstatus").stringValue())
        .isEqualTo("OK");
    SimHttp.Resp bad = http.postJson("/nodes/pve2/lxc/105/snapshot", "{\"snapname\":1}");
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void unknownGuestIs500WithConfigMessage() {
    SimHttp.Resp r = http.get("/nodes/pve1/lxc/999/status/current");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.reason()).isEqualTo("Configuration file 'nodes/pve1/lxc/999.conf' does not exist");
    // guest on the other node
    assertThat(http.get("/nodes/pve2/lxc/101/status/current").status()).isEqualTo(500);
  }

  @Test
  void noCredentialsAndBadToken() {
    SimHttp.Resp none = http.send("GET", "/nodes", null, null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.reason()).isEqualTo("No ticket");
    assertThat(none.body()).isEmpty();

    SimHttp.Resp bad =
        http.send(
            "GET",
            "/nodes",
            null,
            null,
            h ->
                h.set(
                    "Authorization",
                    "PVEAPIToken=panel@pve!ctl=00000000-0000-0000-0000-000000000000"));
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.reason()).isEqualTo("Authentication failed!");
  }

  @Test
  void tokenHeaderSpaceFormAndUrlEncoding() {
    String value = sim.tokenId().replace("!", "%21") + "=" + sim.tokenSecret();
    SimHttp.Resp r =
        http.send("GET", "/nodes", null, null, h -> h.set("Authorization", "PVEAPIToken " + value));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data().size()).isEqualTo(2);
  }

  @Test
  void unauthorizedAnswersAreDelayed() {
    try (ProxmoxSimulator slow =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .ssh(false)
                .unauthorizedDelay(Duration.ofMillis(300))
                .build())) {
      SimHttp.Resp r = new SimHttp(slow).send("GET", "/nodes", null, null, null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.millis()).isGreaterThanOrEqualTo(290);
    }
  }

  @Test
  void nextidIsAString() {
    SimHttp.Resp r = http.get("/cluster/nextid");
    assertThat(r.data().isString()).isTrue();
    assertThat(r.data().stringValue()).isEqualTo("100");
    SimHttp.Resp taken = http.get("/cluster/nextid?vmid=101");
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.json().get("errors").get("vmid").stringValue())
        .isEqualTo("VM 101 already exists");
    assertThat(http.get("/cluster/nextid?vmid=4242").data().stringValue()).isEqualTo("4242");
  }

  @Test
  void storagesAndTemplates() {
    SimHttp.Resp r = http.get("/nodes/pve1/storage?content=rootdir");
    assertThat(r.data().findValuesAsString("storage")).contains("local", "local-lvm", "local-zfs");
    SimHttp.Resp t = http.get("/nodes/pve1/storage/local/content?content=vztmpl");
    assertThat(t.data().findValuesAsString("volid"))
        .contains("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
  }
}
