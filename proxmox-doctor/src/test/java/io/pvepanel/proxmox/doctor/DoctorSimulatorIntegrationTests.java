package io.pvepanel.proxmox.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusterProperties;
import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import io.pvepanel.proxmox.simulator.SshEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight against the in-process simulator (HTTPS with a pinned certificate, node SSH). */
class DoctorSimulatorIntegrationTests {
  private static final Duration T = Duration.ofSeconds(10);

  private static ProxmoxSimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .https(true)
                .taskDuration(Duration.ZERO)
                .unauthorizedDelay(Duration.ZERO)
                .seed(GuestSeed.demo())
                .build());
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @AfterEach
  void clearFaults() {
    sim.faults().clear();
  }

  private static ProxmoxClusterProperties props(String token, Map<String, String> fingerprints) {
    Map<String, ProxmoxClusterProperties.NodeHost> hosts = new LinkedHashMap<>();
    for (String node : sim.nodes()) {
      SshEndpoint e = sim.sshEndpoint(node);
      hosts.put(
          node,
          new ProxmoxClusterProperties.NodeHost(
              e.host(), e.port(), fingerprints.getOrDefault(node, e.hostKeyFingerprint())));
    }
    var ssh =
        new ProxmoxClusterProperties.NodeSsh(
            "root", null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(5), hosts);
    return ProxmoxClusterProperties.builder("sim", sim.baseUrl())
        .apiToken(token)
        .tlsFingerprint(sim.tlsFingerprint())
        .maxRetries(0)
        .nodeSsh(ssh)
        .build();
  }

  private static List<Check> doctor(ProxmoxClusterProperties p) {
    try (ProxmoxClient client =
        ProxmoxClient.builder(p).sshKeyPair(sim.sshClientKeyPair()).build()) {
      return new Doctor(client, p, Clock.systemUTC(), T).run();
    }
  }

  private static Check line(List<Check> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * pve-manager PVE/API2/APT.pm, pve-access-control API2/AccessControl.pm (permissions),
   * pve-cluster PVE/RRD.pm, qemu-server QemuServer/Agent.pm as the simulator answers them.
   */
  @Test
  void aSimulatedPve9ClusterPassesWithTheExpectedWarnings() {
    List<Check> checks = doctor(props(sim.apiTokenHeaderValue(), Map.of()));
    checks.forEach(c -> System.out.println(c.line()));
    assertThat(checks).noneMatch(c -> c.status() == Check.Status.FAIL);
    assertThat(line(checks, "api").detail()).contains("PVE 9.0.11").contains("token panel@pve!ctl");
    assertThat(line(checks, "packages pve1").detail()).contains("pve-container 6.1.3");
    assertThat(line(checks, "console auth").status()).isEqualTo(Check.Status.OK);
    assertThat(line(checks, "privilege VM.GuestAgent.Unrestricted").status())
        .isEqualTo(Check.Status.OK);
    assertThat(checks).noneMatch(c -> c.name().equals("privilege VM.Monitor"));
    assertThat(line(checks, "storage pve1").detail())
        .contains("local-lvm (lvmthin: guests+snapshots")
        .contains("local (dir:");
    assertThat(line(checks, "node ssh pve1").status()).isEqualTo(Check.Status.OK);
    assertThat(line(checks, "node ssh pve2").status()).isEqualTo(Check.Status.OK);
    // vm 201 has no agent configured
    Check agents = line(checks, "guest agents");
    assertThat(agents.status()).isEqualTo(Check.Status.WARN);
    assertThat(agents.detail()).contains("agent answering 200").contains("not configured 201");
    assertThat(line(checks, "rrd").detail()).contains("step 60 s");
    // the simulator dates its answers as pveproxy does
    assertThat(line(checks, "clock").status()).isEqualTo(Check.Status.OK);
  }

  /** NodeSshExecutor's host-key pin; pve-manager APT.pm's Sys.Audit check (403). */
  @Test
  void aWrongHostKeyFailsAndUnreadablePackagesWarn() {
    sim.faults()
        .error(
            "GET",
            "/nodes/*/apt/versions",
            403,
            "Permission check failed (/nodes/pve1, Sys.Audit)");
    List<Check> checks =
        doctor(
            props(
                sim.apiTokenHeaderValue(),
                Map.of("pve2", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
    Check ssh = line(checks, "node ssh pve2");
    assertThat(ssh.status()).isEqualTo(Check.Status.FAIL);
    assertThat(ssh.fix()).contains("host-key-fingerprint");
    assertThat(line(checks, "node ssh pve1").status()).isEqualTo(Check.Status.OK);
    assertThat(line(checks, "packages pve1").status()).isEqualTo(Check.Status.WARN);
    assertThat(line(checks, "console auth").status()).isEqualTo(Check.Status.WARN);
  }

  /**
   * pve-manager PVE/API2/Version.pm; a wrong token secret is pve-access-control's 401
   * ("authentication failure") on every call.
   */
  @Test
  void theCommandReadsTheServicesYamlAndExitsNonZeroOnFail(@TempDir Path dir) throws Exception {
    Path yml = dir.resolve("clusters.yml");
    Files.writeString(
        yml,
        """
        proxmox:
          clusters:
            - name: sim
              base-url: %s
              api-token: "%s"
              tls-fingerprint: "%s"
              max-retries: 0
        """
            .formatted(sim.baseUrl(), sim.apiTokenHeaderValue(), sim.tlsFingerprint()));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code = DoctorMain.run(new String[] {"--config=" + yml}, new PrintStream(buf, true));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out)
        .contains("OK   sim api: PVE 9.0.11")
        .contains("WARN sim node ssh: not configured");
    assertThat(out).doesNotContain(sim.tokenSecret());

    // (a list from another source replaces the whole list, as in the services: a second file)
    Path wrong = dir.resolve("wrong.yml");
    Files.writeString(
        wrong,
        Files.readString(yml).replace(sim.apiTokenHeaderValue(), "panel@pve!ctl=wrong-secret"));
    buf.reset();
    code = DoctorMain.run(new String[] {"--config=" + wrong}, new PrintStream(buf, true));
    out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isEqualTo(1);
    assertThat(out).contains("FAIL sim api: credentials rejected").doesNotContain("wrong-secret");

    buf.reset();
    code =
        DoctorMain.run(
            new String[] {"--cluster=other", "--config=" + yml}, new PrintStream(buf, true));
    assertThat(code).isEqualTo(2);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("no proxmox.clusters[i] configured");
  }
}
