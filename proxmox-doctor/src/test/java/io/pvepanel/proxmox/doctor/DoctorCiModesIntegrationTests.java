package io.pvepanel.proxmox.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight as CI runs it: the command with the services' cluster configuration (YAML) against
 * the simulator in each of its modes — PVE 9, PVE 8 and a token missing a privilege. The token is
 * privilege-separated with exactly the role of docs/proxmox-compatibility.md; privileges as
 * pve-access-control {@code PVE/AccessControl.pm} ($privgroups: PVE 8 VM.Monitor, PVE 9
 * VM.GuestAgent.*) and {@code PVE/RPCEnvironment.pm} (get_effective_permissions behind {@code GET
 * /access/permissions}) define them; RRD layouts as pve-cluster {@code PVE/RRD.pm}.
 */
class DoctorCiModesIntegrationTests {

  static final List<String> PANEL_ROLE =
      List.of(
          "VM.Audit",
          "VM.PowerMgmt",
          "VM.Snapshot",
          "VM.Snapshot.Rollback",
          "VM.Console",
          "VM.Allocate",
          "VM.Config.CPU",
          "VM.Config.Memory",
          "VM.Config.Disk",
          "VM.Config.Network",
          "VM.Config.Options",
          "Datastore.AllocateSpace",
          "Sys.Audit");

  private ProxmoxSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private static List<String> role(int major, String... without) {
    List<String> privs = new ArrayList<>(PANEL_ROLE);
    if (major >= 9) {
      privs.add("VM.GuestAgent.Audit");
      privs.add("VM.GuestAgent.Unrestricted");
    } else {
      privs.add("VM.Monitor");
    }
    privs.removeAll(List.of(without));
    return privs;
  }

  private void start(int major, List<String> privileges) {
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .https(true)
                .ssh(false)
                .pveVersion(major)
                .taskDuration(Duration.ZERO)
                .unauthorizedDelay(Duration.ZERO)
                .seed(GuestSeed.demo())
                .role("PanelRole", privileges.toArray(new String[0]))
                .tokenAcl("/", "PanelRole")
                .build());
  }

  /** Runs the command with a clusters.yml as the control service and the collector read it. */
  private Report doctor(Path dir) throws Exception {
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
    System.out.println(out);
    return new Report(code, out.lines().toList());
  }

  record Report(int exitCode, List<String> lines) {
    String line(String check) {
      return lines.stream()
          .filter(
              l ->
                  l.matches("^(OK|WARN|FAIL) +sim " + java.util.regex.Pattern.quote(check) + ":.*"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no line for " + check + " in " + lines));
    }
  }

  @Test
  void pve9WithThePanelsPrivilegesHasNoFail(@TempDir Path dir) throws Exception {
    start(9, role(9));
    Report r = doctor(dir);
    assertThat(r.lines()).noneMatch(l -> l.startsWith("FAIL"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.line("api")).startsWith("OK").contains("PVE 9.0.11").contains("panel@pve!ctl");
    assertThat(r.line("privilege VM.GuestAgent.Audit")).startsWith("OK");
    assertThat(r.line("privilege VM.Console")).startsWith("OK").contains("granted on /vms");
    assertThat(r.lines()).noneMatch(l -> l.contains("privilege VM.Monitor"));
    // pveproxy's Date header: the clock can be compared now
    assertThat(r.line("clock")).startsWith("OK");
    assertThat(r.line("rrd")).contains("PVE 9 layout (month 30 min)");
    assertThat(r.line("console auth")).startsWith("OK");
  }

  @Test
  void pve8ChecksVmMonitorAndReportsItsRrdLayout(@TempDir Path dir) throws Exception {
    start(8, role(8));
    Report r = doctor(dir);
    assertThat(r.exitCode()).as(String.join("\n", r.lines())).isZero();
    assertThat(r.line("api")).startsWith("OK").contains("PVE 8.4.1");
    assertThat(r.line("privilege VM.Monitor")).startsWith("OK").contains("(PVE 8)");
    assertThat(r.lines()).noneMatch(l -> l.contains("VM.GuestAgent"));
    assertThat(r.line("rrd")).contains("PVE 8 layout (month 12 h)").contains("hour 70 points");
    assertThat(r.line("packages pve1")).contains("pve-container 5.3.4");
    assertThat(r.line("console auth")).startsWith("OK");
  }

  @Test
  void aTokenWithoutVmConsoleFailsNamingWhatToGrant(@TempDir Path dir) throws Exception {
    start(9, role(9, "VM.Console"));
    Report r = doctor(dir);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.line("privilege VM.Console"))
        .startsWith("FAIL")
        .contains("missing")
        .contains("-> grant VM.Console to token panel@pve!ctl on /vms");
    assertThat(r.lines().stream().filter(l -> l.startsWith("FAIL")))
        .allMatch(l -> l.contains("privilege VM.Console"));
    assertThat(r.line("privilege VM.PowerMgmt")).startsWith("OK");
  }
}
