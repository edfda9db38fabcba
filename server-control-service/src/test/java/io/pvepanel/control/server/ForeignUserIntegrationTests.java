package io.pvepanel.control.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The old system's worst bug: routes that never checked ownership. Every route, here. */
class ForeignUserIntegrationTests extends ControlIntegrationTest {

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;

  record Call(HttpMethod method, String path, Object body) {}

  @Test
  void everyServerRouteAnswersAStranger404AndProxmoxSeesNoCall() {
    String id = TestServers.insert(servers, "91", 105, "pve2", "running");
    String stranger = TestTokens.user("92");
    List<Call> calls =
        List.of(
            new Call(HttpMethod.GET, "/api/server/" + id, null),
            new Call(HttpMethod.GET, "/api/server/" + id + "/operations", null),
            new Call(HttpMethod.GET, "/api/server/" + id + "/actions", null),
            new Call(HttpMethod.GET, "/api/server/" + id + "/snapshots", null),
            new Call(HttpMethod.POST, "/api/server/" + id + "/console", null),
            new Call(HttpMethod.POST, "/api/server/" + id + "/control", Map.of("action", "stop")),
            new Call(HttpMethod.POST, "/api/server/" + id + "/start", null),
            new Call(HttpMethod.POST, "/api/server/" + id + "/stop", null),
            new Call(HttpMethod.POST, "/api/server/" + id + "/restart", null),
            new Call(HttpMethod.POST, "/api/server/" + id + "/change-password", null),
            new Call(HttpMethod.POST, "/api/server/" + id + "/snapshot", Map.of("name", "s1")),
            new Call(
                HttpMethod.POST,
                "/api/server/" + id + "/snapshot/restore",
                Map.of("snapshotId", "x")),
            new Call(HttpMethod.DELETE, "/api/server/" + id + "/snapshot/x", null),
            new Call(HttpMethod.DELETE, "/api/server/" + id, null));
    long before = PROXMOX.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    int sshBefore = PROXMOX.passwordChangeCount(105);
    String firstBody = null;
    for (Call call : calls) {
      var spec =
          http.method(call.method())
              .uri(call.path())
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger);
      var response = call.body() == null ? spec.exchange() : spec.bodyValue(call.body()).exchange();
      String body =
          response
              .expectStatus()
              .isNotFound()
              .expectBody(String.class)
              .returnResult()
              .getResponseBody()
              .replaceAll("\"instance\":\"[^\"]*\"", "");
      firstBody = firstBody == null ? body : firstBody;
      assertThat(body).as(call.method() + " " + call.path()).isEqualTo(firstBody);
    }
    assertThat(PROXMOX.requestCounts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(before);
    assertThat(PROXMOX.passwordChangeCount(105)).isEqualTo(sshBefore);
    assertThat(servers.findById(id).block(java.time.Duration.ofSeconds(5))).isNotNull();
  }
}
