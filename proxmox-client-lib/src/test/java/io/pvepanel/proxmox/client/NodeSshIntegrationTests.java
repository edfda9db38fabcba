package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The LXC password path against an in-process MINA SSH server standing in for a node. */
class NodeSshIntegrationTests {
  private static final Duration T = Duration.ofSeconds(15);
  private static SshServer sshd;
  private static KeyPair hostKey;
  private static KeyPair clientKey;
  private static final List<String> commands = new CopyOnWriteArrayList<>();
  private static final List<String> stdins = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator(
        (user, key, session) ->
            "root".equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
    sshd.setCommandFactory((channel, command) -> new FakePct(command));
    sshd.start();
  }

  @AfterAll
  static void stop() throws IOException {
    sshd.stop(true);
  }

  private static String fingerprint(KeyPair kp) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, kp.getPublic());
  }

  private static ProxmoxClient client(String pin, KeyPair key) {
    var ssh =
        new ProxmoxClusterProperties.NodeSsh(
            null,
            null,
            null,
            null,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Map.of(
                "pve1", new ProxmoxClusterProperties.NodeHost("127.0.0.1", sshd.getPort(), pin)));
    return ProxmoxClient.builder(
            ProxmoxClusterProperties.builder("ssh", "http://127.0.0.1:1")
                .apiToken("u@pve!tk=s")
                .nodeSsh(ssh)
                .allowInsecureHttp(true)
                .build())
        .sshKeyPair(key)
        .build();
  }

  @Test
  void chpasswdGetsThePasswordOnStdinOnly() {
    assertThat(fingerprint(hostKey)).startsWith("SHA256:");
    try (ProxmoxClient c = client(fingerprint(hostKey), clientKey)) {
      StepVerifier.create(c.setLxcRootPassword(GuestRef.lxc("pve1", 101), "S3cret-pass"))
          .expectComplete()
          .verify(T);
    }
    assertThat(commands).contains("pct exec 101 -- chpasswd");
    assertThat(commands).noneMatch(cmd -> cmd.contains("S3cret"));
    assertThat(stdins).contains("root:S3cret-pass\n");
  }

  @Test
  void nonZeroExitIsTypedWithStderrAndWithoutThePassword() {
    try (ProxmoxClient c = client(fingerprint(hostKey), clientKey)) {
      StepVerifier.create(c.setLxcRootPassword(GuestRef.lxc("pve1", 404), "S3cret-pass"))
          .expectErrorSatisfies(
              e -> {
                ProxmoxSshException s = (ProxmoxSshException) e;
                assertThat(s.exitStatus()).isEqualTo(2);
                assertThat(s.stderr())
                    .isEqualTo("Configuration file 'nodes/pve1/lxc/404.conf' does not exist");
                assertThat(s.getMessage()).doesNotContain("S3cret");
              })
          .verify(T);
    }
  }

  @Test
  void unpinnedHostKeyIsRejectedBeforeAnythingRuns() throws Exception {
    KeyPair other = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    int before = stdins.size();
    try (ProxmoxClient c = client(fingerprint(other), clientKey)) {
      StepVerifier.create(c.setLxcRootPassword(GuestRef.lxc("pve1", 101), "S3cret-pass"))
          .expectErrorSatisfies(
              e -> assertThat(((ProxmoxSshException) e).isHostKeyRejected()).isTrue())
          .verify(T);
    }
    assertThat(stdins).hasSize(before);
  }

  @Test
  void unknownClientKeyFailsAuthentication() throws Exception {
    KeyPair stranger = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    try (ProxmoxClient c = client(fingerprint(hostKey), stranger)) {
      StepVerifier.create(c.setLxcRootPassword(GuestRef.lxc("pve1", 101), "S3cret-pass"))
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(ProxmoxSshException.class);
                assertThat(((ProxmoxSshException) e).isHostKeyRejected()).isFalse();
              })
          .verify(T);
    }
  }

  /** Reads stdin to EOF like chpasswd; vmid 404 fails like pct on a missing CT. */
  static final class FakePct implements Command {
    private final String command;
    private InputStream in;
    private OutputStream err;
    private ExitCallback exit;

    FakePct(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {}

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      commands.add(command);
      Thread t =
          new Thread(
              () -> {
                try {
                  ByteArrayOutputStream buf = new ByteArrayOutputStream();
                  in.transferTo(buf);
                  stdins.add(buf.toString(StandardCharsets.UTF_8));
                  if (command.contains(" 404 ")) {
                    err.write(
                        "Configuration file 'nodes/pve1/lxc/404.conf' does not exist\n"
                            .getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    exit.onExit(2);
                  } else {
                    exit.onExit(0);
                  }
                } catch (IOException e) {
                  exit.onExit(255, e.toString());
                }
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
