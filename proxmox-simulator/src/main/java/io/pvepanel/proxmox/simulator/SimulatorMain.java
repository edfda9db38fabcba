package io.pvepanel.proxmox.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * Runs the simulator on its own: {@code java -jar proxmox-simulator.jar [--port N] [--http] [--bind
 * ADDR] [--guests N] [--task-duration MS] [--unauthorized-delay MS] [--ssh-key-file PATH]
 * [--pve-version 8|9] [--token-secret UUID] [--root-password PW] [--no-ssh]}.
 */
public final class SimulatorMain {

  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    // our logback config has its own name so the library jar never overrides a host's logging
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "pve-simulator-logback.xml");
    }
    SimulatorConfig.Builder b =
        SimulatorConfig.builder()
            .port(8006)
            .https(true)
            .taskDuration(Duration.ofMillis(1500))
            .unauthorizedDelay(Duration.ofSeconds(3));
    Path keyFile = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--port" -> b.port(Integer.parseInt(args[++i]));
        case "--http" -> b.https(false);
        case "--https" -> b.https(true);
        case "--bind" -> b.bindAddress(args[++i]);
        case "--guests" -> b.seed(GuestSeed.generated(Integer.parseInt(args[++i])));
        case "--task-duration" -> b.taskDuration(Duration.ofMillis(Long.parseLong(args[++i])));
        case "--pve-version" -> b.pveVersion(Integer.parseInt(args[++i]));
        case "--unauthorized-delay" ->
            b.unauthorizedDelay(Duration.ofMillis(Long.parseLong(args[++i])));
        case "--ssh-key-file" -> keyFile = Path.of(args[++i]);
        case "--token-secret" -> b.tokenSecret(args[++i]);
        case "--root-password" -> b.rootPassword(args[++i]);
        case "--no-ssh" -> b.ssh(false);
        case "-h", "--help" -> {
          System.out.println(
              "usage: java -jar proxmox-simulator.jar [--port N] [--http] [--bind ADDR]"
                  + " [--guests N] [--task-duration MS] [--unauthorized-delay MS] [--pve-version 8|9]"
                  + " [--ssh-key-file PATH] [--token-secret UUID] [--root-password PW] [--no-ssh]");
          return;
        }
        default -> {
          System.err.println("unknown option: " + a + " (try --help)");
          System.exit(2);
        }
      }
    }
    ProxmoxSimulator sim = ProxmoxSimulator.start(b.build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stopped.countDown();
                },
                "pve-sim-shutdown"));
    StringBuilder out = new StringBuilder();
    out.append("url: ").append(sim.baseUrl()).append('\n');
    if (sim.tlsFingerprint() != null) {
      out.append("fingerprint: ").append(sim.tlsFingerprint()).append('\n');
    }
    out.append("api token: ").append(sim.apiTokenHeaderValue()).append('\n');
    out.append("login: root@pam ").append(sim.rootPassword()).append('\n');
    if (!sim.sshEndpoints().isEmpty()) {
      Path key = writeKey(sim, keyFile);
      out.append("ssh key: ").append(key).append('\n');
      for (SshEndpoint e : sim.sshEndpoints().values()) {
        out.append("ssh ")
            .append(e.node())
            .append(": root@")
            .append(e.host())
            .append(':')
            .append(e.port())
            .append(' ')
            .append(e.hostKeyFingerprint())
            .append('\n');
      }
    }
    out.append("admin: ").append(sim.baseUrl()).append("/_sim/info\n");
    System.out.print(out);
    System.out.flush();
    stopped.await();
  }

  private static Path writeKey(ProxmoxSimulator sim, Path target)
      throws IOException, java.security.GeneralSecurityException {
    Path file = target;
    if (file == null) {
      file = Files.createTempDirectory("pve-sim-ssh").resolve("id_ecdsa");
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.deleteIfExists(file);
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // non-POSIX file system: keep default permissions
    }
    try (OutputStream os = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
          sim.sshClientKeyPair(), "pve-simulator", null, os);
    }
    Files.writeString(
        file.resolveSibling(file.getFileName() + ".pub"),
        PublicKeyEntry.toString(sim.sshClientKeyPair().getPublic()) + " pve-simulator\n");
    return file.toAbsolutePath();
  }
}
