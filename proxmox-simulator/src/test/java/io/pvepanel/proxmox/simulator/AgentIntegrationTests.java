package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Guest-agent errors as qemu-server src/PVE/QemuServer/Agent.pm words them. */
class AgentIntegrationTests {

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

  SimHttp.Resp setPassword(String user) {
    return http.post(
        "/nodes/pve1/qemu/200/agent/set-user-password", "username", user, "password", "Abcdef12");
  }

  @Test
  @DisplayName(
      "set-user-password honours username: the agent's error is 'Agent error: <desc>'"
          + " (qemu-server API2/Qemu/Agent.pm, QemuServer/Agent.pm check_agent_error)")
  void usernameIsHonoured() {
    // 200 win01 is Windows (ostype win11): its account is Administrator, root does not exist
    SimHttp.Resp root = setPassword("root");
    assertThat(root.status()).isEqualTo(500);
    assertThat(root.reason())
        .isEqualTo("Agent error: failed to set password: The user name could not be found.");
    assertThat(sim.passwordChangeCount(200)).isZero();
    assertThat(setPassword("Administrator").status()).isEqualTo(200);
    assertThat(sim.passwordMatches(200, "Abcdef12")).isTrue();
  }

  @Test
  @DisplayName(
      "agent configured, VM running, agent silent: 'QEMU guest agent is not running'"
          + " (qemu-server QemuServer/Agent.pm assert_agent_available)")
  void agentNotRunning() {
    sim.setAgentResponding(200, false);
    assertThat(setPassword("Administrator").reason()).isEqualTo("QEMU guest agent is not running");
    assertThat(http.get("/nodes/pve1/qemu/200/agent/get-fsinfo").reason())
        .isEqualTo("QEMU guest agent is not running");
    assertThat(http.post("/_sim/guests/200/agent", "responding", "1").status()).isEqualTo(200);
    assertThat(http.get("/nodes/pve1/qemu/200/agent/get-fsinfo").status()).isEqualTo(200);
  }
}
