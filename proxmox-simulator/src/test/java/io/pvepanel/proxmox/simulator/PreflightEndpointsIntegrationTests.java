package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The read-only endpoints the panel's preflight (proxmox-doctor) asks for. */
class PreflightEndpointsIntegrationTests {

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

  /** pve-access-control src/PVE/API2/AccessControl.pm (permissions), RPCEnvironment.pm. */
  @Test
  void permissionsListTheDefaultPathsOrOnePath() {
    SimHttp.Resp all = http.get("/access/permissions");
    assertThat(all.status()).isEqualTo(200);
    JsonNode data = all.data();
    assertThat(data.has("/")).isTrue();
    assertThat(data.has("/vms")).isTrue();
    assertThat(data.get("/vms").get("VM.PowerMgmt").asInt()).isEqualTo(1);
    assertThat(data.get("/vms").has("VM.Monitor")).isFalse();
    JsonNode one = http.get("/access/permissions?path=/storage/local-lvm").data();
    assertThat(one.has("/storage/local-lvm")).isTrue();
    assertThat(one.size()).isEqualTo(1);
  }

  /** pve-manager PVE/API2/APT.pm (versions): Version = candidate, OldVersion = installed. */
  @Test
  void aptVersionsListTheImportantPackagesFirst() {
    SimHttp.Resp r = http.get("/nodes/pve1/apt/versions");
    assertThat(r.status()).isEqualTo(200);
    JsonNode list = r.data();
    assertThat(list.get(0).get("Package").asString()).isEqualTo("proxmox-ve");
    assertThat(list.get(1).get("ManagerVersion").asString()).isEqualTo("9.0.11");
    boolean container = false;
    for (JsonNode p : list) {
      if (p.get("Package").asString().equals("pve-container")) {
        container = true;
        assertThat(p.get("OldVersion").asString()).isEqualTo("6.1.3");
        assertThat(p.get("CurrentState").asString()).isEqualTo("Installed");
      }
    }
    assertThat(container).isTrue();
    // an unknown node, as pve-manager HTTPServer.pm answers it: hostname lookup failed
    assertThat(http.get("/nodes/nope/apt/versions").status()).isEqualTo(500);
  }
}
