package io.pvepanel.control.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestApi;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class PasswordIntegrationTests extends ControlIntegrationTest {

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;
  @Autowired io.pvepanel.proxmox.client.ProxmoxClusters clusters;
  @Autowired DatabaseClient db;
  @Autowired OperationService operations;

  @Test
  void aContainerGetsItsNewPasswordThroughNodeSshAndItIsStoredNowhere() {
    String owner = "51";
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.lxc("pve1", 103), true);
    String id = TestServers.insert(servers, owner, 103, "pve1", "running");
    int changesBefore = PROXMOX.passwordChangeCount(103);
    Map<?, ?> body =
        http.post()
            .uri("/api/server/{id}/change-password", id)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .cacheControl(org.springframework.http.CacheControl.noStore())
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String password = (String) body.get("password");
    assertThat(password).hasSize(20);
    assertThat(PROXMOX.passwordChangeCount(103)).isEqualTo(changesBefore + 1);
    assertThat(PROXMOX.passwordMatches(103, password)).isTrue();
    assertThat(everythingStoredAbout(id)).doesNotContain(password);
  }

  @Test
  void aVmGetsItsNewPasswordThroughTheGuestAgent() {
    String owner = "52";
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.qemu("pve1", 200), true);
    String id = TestServers.insert(servers, owner, 200, "pve1", "running");
    Map<?, ?> body =
        http.post()
            .uri("/api/server/{id}/change-password", id)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    // 200 is a Windows VM (ostype win11): the agent sets Administrator; root does not exist there
    assertThat(body.get("username")).isEqualTo("Administrator");
    assertThat(PROXMOX.passwordMatches(200, (String) body.get("password"))).isTrue();
  }

  @Test
  void aStoppedContainerIsAConflictNotASuccess() {
    String owner = "53";
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.lxc("pve1", 104), false);
    String id = TestServers.insert(servers, owner, 104, "pve1", "stopped");
    int before = PROXMOX.passwordChangeCount(104);
    http.post()
        .uri("/api/server/{id}/change-password", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.password")
        .doesNotExist()
        .jsonPath("$.detail")
        .isEqualTo("The server is not running");
    assertThat(PROXMOX.passwordChangeCount(104)).isEqualTo(before);
  }

  @Test
  void changesAreLimitedPerServerAndHour() {
    String owner = "54";
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.lxc("pve2", 105), true);
    String id = TestServers.insert(servers, owner, 105, "pve2", "running");
    for (int i = 0; i < 3; i++) {
      http.post()
          .uri("/api/server/{id}/change-password", id)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
          .exchange()
          .expectStatus()
          .isOk();
    }
    http.post()
        .uri("/api/server/{id}/change-password", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists(HttpHeaders.RETRY_AFTER);
  }

  @Test
  void aChangeHoldsTheServerLikeAnyOperationAndIsListedWithItsOutcome() {
    String owner = "55";
    String token = TestTokens.user(owner);
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.lxc("pve1", 103), true);
    String id = TestServers.insert(servers, owner, 103, "pve1", "running");
    // another operation holds the server until Proxmox answers it
    var slowReboot =
        PROXMOX
            .faults()
            .latency("POST", "/nodes/pve1/lxc/103/status/reboot", Duration.ofSeconds(3));
    operations
        .submit(
            new CurrentUser(owner, null, false),
            servers.findById(id).block(Duration.ofSeconds(5)),
            OperationRequest.of(OperationKind.REBOOT))
        .subscribe();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !operationsOf(id, token).isEmpty());

    int before = PROXMOX.passwordChangeCount(103);
    http.post()
        .uri("/api/server/{id}/change-password", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.password")
        .doesNotExist();
    assertThat(PROXMOX.passwordChangeCount(103)).isEqualTo(before);

    PROXMOX.faults().remove(slowReboot.id());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> operationsOf(id, token).stream().allMatch(op -> op.get("finishedAt") != null));
    http.post()
        .uri("/api/server/{id}/change-password", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(PROXMOX.passwordChangeCount(103)).isEqualTo(before + 1);
    assertThat(operationsOf(id, token))
        .filteredOn(op -> "password.change".equals(op.get("kind")))
        .extracting(op -> op.get("state"))
        .containsExactly("succeeded");
  }

  private List<Map<String, Object>> operationsOf(String serverId, String token) {
    return TestApi.getList(http, token, "/api/server/{id}/operations", serverId);
  }

  private String everythingStoredAbout(String serverId) {
    StringBuilder all = new StringBuilder();
    for (String sql :
        new String[] {
          "SELECT CONCAT_WS('|', action, result, detail) AS v FROM actions WHERE server_id = :id",
          "SELECT COALESCE(payload, '') AS v FROM outbox WHERE message_key = :id",
          "SELECT CONCAT_WS('|', kind, state, error, params) AS v FROM operations"
              + " WHERE server_id = :id"
        }) {
      db.sql(sql)
          .bind("id", serverId)
          .map(r -> r.get("v", String.class))
          .all()
          .doOnNext(all::append)
          .blockLast(java.time.Duration.ofSeconds(10));
    }
    return all.toString();
  }
}
