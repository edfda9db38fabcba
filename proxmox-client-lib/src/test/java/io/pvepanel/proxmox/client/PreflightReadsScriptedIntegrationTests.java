package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.client.ScriptedServer.Reply;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The read-only calls behind the preflight, on the scripted server. */
class PreflightReadsScriptedIntegrationTests {
  private static final Duration T = Duration.ofSeconds(10);

  private ScriptedServer server;
  private ProxmoxClient client;

  @BeforeEach
  void start() {
    server = ScriptedServer.http();
    client = ProxmoxClient.builder(server.tokenProps()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** pve-manager PVE/API2/Version.pm; the Date header from pve-http-server AnyEvent.pm. */
  @Test
  void versionCarriesTheServersDateHeader() {
    server.date(Instant.parse("2026-03-01T12:00:07Z"));
    server.enqueue(
        Reply.data("{\"version\":\"8.4.1\",\"release\":\"8.4\",\"repoid\":\"2a5fa54a8503f96d\"}"));
    StepVerifier.create(client.version())
        .assertNext(
            v -> {
              assertThat(v.major()).isEqualTo(8);
              assertThat(v.release()).isEqualTo("8.4");
              assertThat(v.serverDate()).isEqualTo(Instant.parse("2026-03-01T12:00:07Z"));
            })
        .expectComplete()
        .verify(T);
    server.date(null);
    server.enqueue(Reply.data("{\"version\":\"9.0.11\",\"release\":\"9.0\"}"));
    StepVerifier.create(client.version())
        .assertNext(v -> assertThat(v.serverDate()).isNull())
        .expectComplete()
        .verify(T);
  }

  /**
   * pve-manager PVE/API2/APT.pm (versions): {@code Version} is the candidate, {@code OldVersion}
   * the installed version; pve-storage's volume_has_feature decides snapshot support.
   */
  @Test
  void packageVersionsStoragesAndPermissions() {
    server.enqueue(
        Reply.data(
            "[{\"Package\":\"proxmox-ve\",\"Version\":\"8.4.0\",\"OldVersion\":\"8.4.0\","
                + "\"CurrentState\":\"Installed\",\"RunningKernel\":\"6.8.12-9-pve\"},"
                + "{\"Package\":\"pve-container\",\"Version\":\"5.3.4\",\"OldVersion\":\"5.2.6\","
                + "\"CurrentState\":\"Installed\",\"Title\":\"Proxmox VE Container management tool\"},"
                + "{\"Package\":\"libpve-network-perl\",\"Version\":\"0.11.2\",\"CurrentState\":\"NotInstalled\"}]"),
        Reply.data(
            "[{\"storage\":\"local\",\"type\":\"dir\",\"content\":\"backup,iso,vztmpl\",\"active\":1,"
                + "\"enabled\":1,\"shared\":0,\"total\":100,\"used\":10,\"avail\":90},"
                + "{\"storage\":\"local-zfs\",\"type\":\"zfspool\",\"content\":\"rootdir,images\",\"active\":1}]"),
        Reply.data(
            "{\"/\":{\"Sys.Audit\":1},\"/vms\":{\"VM.Audit\":1,\"VM.PowerMgmt\":0},\"/storage\":{}}"));
    StepVerifier.create(client.aptVersions("pve1"))
        .assertNext(
            list -> {
              assertThat(list).hasSize(3);
              assertThat(list.get(1).installedVersion()).isEqualTo("5.2.6");
              assertThat(list.get(1).candidateVersion()).isEqualTo("5.3.4");
              assertThat(list.get(2).installedVersion()).isNull();
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.storages("pve1"))
        .assertNext(
            list -> {
              assertThat(list.get(0).canSnapshotGuests()).isFalse();
              assertThat(list.get(0).holdsBackups()).isTrue();
              assertThat(list.get(1).canSnapshotGuests()).isTrue();
              assertThat(list.get(1).holdsBackups()).isFalse();
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(client.permissions())
        .assertNext(
            p -> {
              assertThat(p.get("/vms")).containsKeys("VM.Audit", "VM.PowerMgmt");
              assertThat(p.get("/")).containsKey("Sys.Audit");
            })
        .expectComplete()
        .verify(T);
    assertThat(server.requests().get(0).uri()).isEqualTo("/api2/json/nodes/pve1/apt/versions");
    assertThat(server.requests().get(1).uri()).isEqualTo("/api2/json/nodes/pve1/storage");
    assertThat(server.requests().get(2).uri()).isEqualTo("/api2/json/access/permissions");
  }
}
