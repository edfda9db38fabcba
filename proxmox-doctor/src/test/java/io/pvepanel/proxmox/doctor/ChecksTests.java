package io.pvepanel.proxmox.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.client.DebianVersion;
import io.pvepanel.proxmox.client.PackageVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preflight's judgements on data as PVE returns it. */
class ChecksTests {

  private static PackageVersion installed(String name, String version) {
    return new PackageVersion(name, version, version, "Installed", null, null);
  }

  /**
   * pve-access-control PVE/AccessControl.pm $privgroups (PVE 9 has VM.GuestAgent.*, PVE 8
   * VM.Monitor), RPCEnvironment.pm get_effective_permissions (paths /, /vms, /storage, /nodes and
   * those named in ACLs or pools).
   */
  @Test
  void privilegesAreOkOnThePathWarnWhenOnlyOnSomeGuestsAndFailWhenMissing() {
    Map<String, Map<String, Object>> perms = new LinkedHashMap<>();
    perms.put("/", Map.of("Sys.Audit", 1));
    perms.put("/vms", Map.of("VM.Audit", 1, "VM.PowerMgmt", 1));
    perms.put("/vms/101", Map.of("VM.Audit", 1, "VM.PowerMgmt", 1, "VM.Console", 1));
    perms.put("/storage", Map.of("Datastore.AllocateSpace", 1));
    List<Check> pve8 = Checks.privileges("c", perms, 8, "token panel@pve!ctl");
    assertThat(status(pve8, "privilege VM.PowerMgmt")).isEqualTo(Check.Status.OK);
    assertThat(status(pve8, "privilege Sys.Audit")).isEqualTo(Check.Status.OK);
    assertThat(status(pve8, "privilege VM.Console")).isEqualTo(Check.Status.WARN);
    assertThat(status(pve8, "privilege VM.Snapshot.Rollback")).isEqualTo(Check.Status.FAIL);
    assertThat(status(pve8, "privilege VM.Monitor")).isEqualTo(Check.Status.FAIL);
    assertThat(pve8).noneMatch(c -> c.name().startsWith("privilege VM.GuestAgent"));
    Check monitor =
        pve8.stream().filter(c -> c.name().equals("privilege VM.Monitor")).findFirst().get();
    assertThat(monitor.fix()).contains("token panel@pve!ctl").contains("/vms");
    List<Check> pve9 = Checks.privileges("c", perms, 9, "token panel@pve!ctl");
    assertThat(status(pve9, "privilege VM.GuestAgent.Unrestricted")).isEqualTo(Check.Status.FAIL);
    assertThat(pve9).noneMatch(c -> c.name().equals("privilege VM.Monitor"));
  }

  /**
   * Proxmox bug 6079: pve-container's termproxy passes --vncticket-endpoint from 5.3.4 (PVE 8) /
   * 6.1.3 (PVE 9), verified by libpve-access-control 8.2.3 / 9.0.4.
   */
  @Test
  void consoleWithATokenNeedsFixedPackagesOnEveryNode() {
    Map<String, List<PackageVersion>> pve8 = new LinkedHashMap<>();
    pve8.put(
        "pve1",
        List.of(installed("pve-container", "5.3.4"), installed("libpve-access-control", "8.2.3")));
    pve8.put(
        "pve2",
        List.of(installed("pve-container", "5.2.7"), installed("libpve-access-control", "8.2.3")));
    Check old = Checks.consoleAuth("c", true, null, 8, pve8);
    assertThat(old.status()).isEqualTo(Check.Status.FAIL);
    assertThat(old.detail()).contains("pve2").doesNotContain("pve1 (");
    assertThat(old.fix()).contains("pve-container >= 5.3.4").contains("console-user");
    assertThat(Checks.consoleAuth("c", false, null, 8, pve8).status()).isEqualTo(Check.Status.OK);
    Check withUser = Checks.consoleAuth("c", true, "console@pve", 8, pve8);
    assertThat(withUser.status()).isEqualTo(Check.Status.OK);
    assertThat(withUser.detail()).contains("pve2").contains("console@pve");

    Map<String, List<PackageVersion>> pve9 = new LinkedHashMap<>();
    pve9.put(
        "pve1",
        List.of(installed("pve-container", "6.1.10"), installed("libpve-access-control", "9.0.4")));
    assertThat(Checks.consoleAuth("c", true, null, 9, pve9).status()).isEqualTo(Check.Status.OK);
    pve9.put("pve2", null);
    assertThat(Checks.consoleAuth("c", true, null, 9, pve9).status()).isEqualTo(Check.Status.WARN);
  }

  /** pve-http-server AnyEvent.pm sends Date (HTTP::Date, whole seconds). */
  @Test
  void clockSkewTiers() {
    Instant local = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(Checks.clock("c", local.plusSeconds(3), local).status()).isEqualTo(Check.Status.OK);
    assertThat(Checks.clock("c", local.minusSeconds(30), local).status())
        .isEqualTo(Check.Status.WARN);
    Check far = Checks.clock("c", local.plusSeconds(600), local);
    assertThat(far.status()).isEqualTo(Check.Status.FAIL);
    assertThat(far.detail()).contains("ahead by 600 s");
    assertThat(Checks.clock("c", null, local).status()).isEqualTo(Check.Status.WARN);
  }

  /** dpkg lib/dpkg/version.c (verrevcmp), the order of pve-manager APT.pm's version strings. */
  @Test
  void debianVersionsCompareLikeDpkg() {
    assertThat(DebianVersion.compare("5.3.4", "5.3.4")).isZero();
    assertThat(DebianVersion.atLeast("5.3.10", "5.3.4")).isTrue();
    assertThat(DebianVersion.atLeast("5.2.7", "5.3.4")).isFalse();
    assertThat(DebianVersion.atLeast("9.0.4~bpo1", "9.0.4")).isFalse();
    assertThat(DebianVersion.atLeast("9.0.4+pve1", "9.0.4")).isTrue();
    assertThat(DebianVersion.atLeast("1:5.0", "9.9")).isTrue();
    assertThat(DebianVersion.atLeast("6.1.3-1", "6.1.3")).isTrue();
  }

  private static Check.Status status(List<Check> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().status();
  }
}
