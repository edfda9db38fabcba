package io.pvepanel.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole life of one server through the service's HTTP API against the simulator: create,
 * running, stop, start, reboot, snapshot, list, restore, delete the snapshot, change the password
 * (proven by the simulator's record), delete.
 */
class ServerLifeIntegrationTests extends ControlIntegrationTest {

  WebTestClient http;

  @Autowired
  void client(WebTestClient client) {
    // ?wait=true holds a request until the operation ends: give it the service's own bound.
    this.http = client.mutate().responseTimeout(Duration.ofSeconds(60)).build();
  }

  @Autowired CatalogRepository catalog;

  final String owner = "101";
  final String token = TestTokens.user(owner);

  @Test
  void theWholeLifeOfAServer() {
    TestServers.offer(catalog, new Plan("life", "Life", 1, 1024, 512, 10, 3, false, true));

    Map<String, Object> created =
        ok(
            "POST",
            "/api/server/create?wait=true",
            Map.of("planId", "life", "templateId", "debian-12", "hostname", "life01"));
    String id = (String) created.get("serverId");
    assertThat(get("/api/server/" + id).get("status")).isEqualTo("running");
    int vmid =
        PROXMOX.guests().stream()
            .filter(g -> "life01".equals(g.name()))
            .findFirst()
            .orElseThrow()
            .vmid();

    succeeded(ok("POST", "/api/server/" + id + "/stop?wait=true", null));
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("stopped");
    succeeded(ok("POST", "/api/server/" + id + "/start?wait=true", null));
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("running");
    succeeded(ok("POST", "/api/server/" + id + "/control?wait=true", Map.of("action", "reboot")));
    assertThat(get("/api/server/" + id).get("status")).isEqualTo("running");

    succeeded(ok("POST", "/api/server/" + id + "/snapshot?wait=true", Map.of("name", "v1")));
    List<Map<String, Object>> snapshots = list("/api/server/" + id + "/snapshots");
    assertThat(snapshots).extracting(s -> s.get("name")).containsExactly("v1");
    String snapshotId = (String) snapshots.get(0).get("id");
    succeeded(
        ok(
            "POST",
            "/api/server/" + id + "/snapshot/restore?wait=true",
            Map.of("snapshotId", snapshotId)));
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("running");
    succeeded(ok("DELETE", "/api/server/" + id + "/snapshot/" + snapshotId + "?wait=true", null));
    assertThat(list("/api/server/" + id + "/snapshots")).isEmpty();

    String password =
        (String) ok("POST", "/api/server/" + id + "/change-password", null).get("password");
    assertThat(PROXMOX.passwordMatches(vmid, password)).isTrue();

    succeeded(ok("DELETE", "/api/server/" + id + "?wait=true", null));
    assertThat(PROXMOX.guest(vmid)).isNull();
    http.get()
        .uri("/api/server/" + id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isNotFound();

    assertThat(list("/api/server/my-servers")).extracting(s -> s.get("id")).doesNotContain(id);
  }

  private static void succeeded(Map<String, Object> operation) {
    assertThat(operation.get("state")).as(operation.toString()).isEqualTo("succeeded");
  }

  private Map<String, Object> get(String path) {
    return http.get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  private List<Map<String, Object>> list(String path) {
    return http.get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
  }

  private Map<String, Object> ok(String method, String path, Object body) {
    var spec =
        http.method(org.springframework.http.HttpMethod.valueOf(method))
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    var response = body == null ? spec.exchange() : spec.bodyValue(body).exchange();
    return response
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }
}
