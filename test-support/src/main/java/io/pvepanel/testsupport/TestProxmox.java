package io.pvepanel.testsupport;

import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The Proxmox simulator on a free loopback port over plain HTTP, seeded with the demo cluster, with
 * no 401 delay, and the Spring properties that point a service's {@code proxmox.clusters} at it.
 */
public final class TestProxmox {

  /** The cluster name services under test know the simulator by. */
  public static final String CLUSTER = "local";

  private TestProxmox() {}

  /** A demo cluster whose tasks take {@code taskDuration} (zero: they end at once). */
  public static ProxmoxSimulator start(Duration taskDuration) {
    return ProxmoxSimulator.start(
        SimulatorConfig.builder()
            .port(0)
            .https(false)
            .taskDuration(taskDuration)
            .unauthorizedDelay(Duration.ZERO)
            .seed(GuestSeed.demo())
            .build());
  }

  /** {@code proxmox.clusters[0]} = the simulator, polling tasks every 50 ms. */
  public static void registerSpringProperties(
      ProxmoxSimulator simulator, DynamicPropertyRegistry registry) {
    registry.add("proxmox.clusters[0].name", () -> CLUSTER);
    registry.add("proxmox.clusters[0].base-url", simulator::baseUrl);
    // the simulator speaks plain HTTP on loopback: allowed explicitly (refused by default)
    registry.add("proxmox.clusters[0].allow-insecure-http", () -> "true");
    registry.add(
        "proxmox.clusters[0].api-token", () -> simulator.tokenId() + "=" + simulator.tokenSecret());
    registry.add("proxmox.clusters[0].task-poll-interval", () -> "50ms");
    registry.add("proxmox.clusters[0].response-timeout", () -> "5s");
    registry.add("proxmox.clusters[0].retry-backoff", () -> "20ms");
    // Outage tests wait for the breaker to let trial calls through again.
    registry.add("proxmox.clusters[0].circuit-breaker.open-duration", () -> "1s");
    registry.add("proxmox.clusters[0].node-ssh.user", () -> "root");
    registry.add(
        "proxmox.clusters[0].node-ssh.private-key",
        () -> openSshPrivateKey(simulator.sshClientKeyPair()));
    for (String node : simulator.nodes()) {
      var ssh = simulator.sshEndpoint(node);
      String prefix = "proxmox.clusters[0].node-ssh.nodes." + node + ".";
      registry.add(prefix + "host", ssh::host);
      registry.add(prefix + "port", ssh::port);
      registry.add(prefix + "host-key-fingerprint", ssh::hostKeyFingerprint);
    }
  }

  private static String openSshPrivateKey(java.security.KeyPair keyPair) {
    var out = new java.io.ByteArrayOutputStream();
    try {
      org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
          .writePrivateKey(keyPair, "panel-test", null, out);
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
