package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SshIntegrationTests {

  static ProxmoxSimulator sim;
  static SshClient client;

  record Result(int exit, String stderr) {}

  @BeforeAll
  static void start() {
    sim = ProxmoxSimulator.start(SimulatorConfig.builder().build());
    client = SshClient.setUpDefaultClient();
    client.start();
  }

  @AfterAll
  static void stop() throws Exception {
    client.stop();
    sim.close();
  }

  Result exec(String node, String command, String stdin) throws Exception {
    SshEndpoint ep = sim.sshEndpoint(node);
    client.setServerKeyVerifier(
        (session, addr, key) ->
            KeyUtils.getFingerPrint(BuiltinDigests.sha256, key).equals(ep.hostKeyFingerprint()));
    try (ClientSession s =
        client.connect("root", ep.host(), ep.port()).verify(Duration.ofSeconds(5)).getSession()) {
      s.addPublicKeyIdentity(sim.sshClientKeyPair());
      s.auth().verify(Duration.ofSeconds(5));
      try (ChannelExec ch = s.createExecChannel(command)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ch.setOut(out);
        ch.setErr(err);
        ch.open().verify(Duration.ofSeconds(5));
        if (stdin != null) {
          OutputStream in = ch.getInvertedIn();
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
          in.flush();
          in.close();
        }
        ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
        return new Result(
            ch.getExitStatus() == null ? -1 : ch.getExitStatus(),
            err.toString(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void chpasswdChangesTheRecordedPassword() throws Exception {
    Result r = exec("pve1", "pct exec 101 -- chpasswd", "root:N3w-Secret!\n");
    assertThat(r.exit()).isZero();
    assertThat(sim.passwordMatches(101, "N3w-Secret!")).isTrue();
    assertThat(sim.passwordMatches(101, "other")).isFalse();
    assertThat(sim.passwordChangeCount(101)).isEqualTo(1);
  }

  @Test
  void errorsLikeARealNode() throws Exception {
    Result unknown = exec("pve1", "pct exec 999 -- chpasswd", null);
    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.stderr())
        .contains("Configuration file 'nodes/pve1/lxc/999.conf' does not exist");
    Result stopped = exec("pve2", "pct exec 102 -- chpasswd", null);
    assertThat(stopped.exit()).isNotZero();
    assertThat(stopped.stderr()).contains("CT 102 not running");
    Result other = exec("pve1", "cat /etc/shadow", null);
    assertThat(other.exit()).isNotZero();
  }

  @Test
  void eachNodeHasItsOwnHostKeyAndUnknownKeysAreRejected() throws Exception {
    assertThat(sim.sshEndpoint("pve1").hostKeyFingerprint())
        .startsWith("SHA256:")
        .isNotEqualTo(sim.sshEndpoint("pve2").hostKeyFingerprint());
    SshEndpoint ep = sim.sshEndpoint("pve1");
    try (ClientSession s =
        client.connect("root", ep.host(), ep.port()).verify(Duration.ofSeconds(5)).getSession()) {
      s.addPublicKeyIdentity(io.pvepanel.proxmox.simulator.ssh.NodeSshServers.ecKeyPair());
      assertThat(s.auth().await(Duration.ofSeconds(5))).isTrue();
      assertThat(s.isAuthenticated()).isFalse();
    }
  }
}
