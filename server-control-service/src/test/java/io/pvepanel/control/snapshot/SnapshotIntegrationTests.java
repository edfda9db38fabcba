package io.pvepanel.control.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestApi;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

class SnapshotIntegrationTests extends ControlIntegrationTest {

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;

  @Test
  void takeListRestoreAndDeleteASnapshot() {
    String owner = "41";
    String token = TestTokens.user(owner);
    // web01 has a snapshot made outside the panel ("before-upgrade"): the list shows it.
    String id = TestServers.insert(servers, owner, 101, "pve1", "running");
    List<Map<String, Object>> before = list(id, token);
    assertThat(before).extracting(m -> m.get("name")).contains("before-upgrade");

    http.post()
        .uri("/api/server/{id}/snapshot?wait=true", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .bodyValue(Map.of("name", "pre-deploy", "description", "before the deploy"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");

    List<Map<String, Object>> after = list(id, token);
    Map<String, Object> taken =
        after.stream().filter(m -> "pre-deploy".equals(m.get("name"))).findFirst().orElseThrow();
    assertThat(taken.get("description")).isEqualTo("before the deploy");
    assertThat(taken.get("current")).isEqualTo(true);
    String snapshotId = (String) taken.get("id");
    // Ids are stable across reads.
    assertThat(list(id, token))
        .filteredOn(m -> "pre-deploy".equals(m.get("name")))
        .extracting(m -> m.get("id"))
        .containsExactly(snapshotId);

    http.post()
        .uri("/api/server/{id}/snapshot/restore?wait=true", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .bodyValue(Map.of("snapshotId", snapshotId))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
    // a running server runs again when the restore has succeeded, not a moment later
    assertThat(PROXMOX.guest(101).status()).isEqualTo("running");

    http.delete()
        .uri("/api/server/{id}/snapshot/{snap}?wait=true", id, snapshotId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(list(id, token)).extracting(m -> m.get("name")).doesNotContain("pre-deploy");
    assertThat(PROXMOX.guest(101).snapshots()).doesNotContain("pre-deploy");
  }

  @Test
  void badNamesAreRefusedUpFrontNamingTheField() {
    String owner = "42";
    String id = TestServers.insert(servers, owner, 105, "pve2", "running");
    for (String bad : List.of("1st", "a", "has space", "current", "VZDUMP", "x".repeat(41))) {
      http.post()
          .uri("/api/server/{id}/snapshot", id)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
          .bodyValue(Map.of("name", bad))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.field")
          .isEqualTo("name");
    }
  }

  @Test
  void theUnknownSnapshotOfAnotherServerIs404() {
    String owner = "43";
    String id = TestServers.insert(servers, owner, 105, "pve2", "running");
    http.post()
        .uri("/api/server/{id}/snapshot/restore", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .bodyValue(Map.of("snapshotId", "no-such-snapshot"))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  private List<Map<String, Object>> list(String id, String token) {
    return TestApi.getList(http, token, "/api/server/{id}/snapshots", id);
  }
}
