package io.pvepanel.collector.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pvepanel.collector.CollectorIntegrationTest;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.testsupport.TestTokens;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class StatusIntegrationTests extends CollectorIntegrationTest {

  @Autowired WebTestClient http;

  private WebTestClient.ResponseSpec status(String serverId, String token) {
    return http.get()
        .uri("/api/server/{id}/status", serverId)
        .headers(h -> h.setBearerAuth(token))
        .exchange();
  }

  private Map<String, Object> statusBody(String serverId, String token) {
    return status(serverId, token)
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  @Test
  void ownerSeesTheLatestSampleOthersGetTheSame404AsForUnknownIds() {
    String server = newServerId();
    addServer(server, "701", 101, "lxc", false);
    runCycle();

    Map<String, Object> body = statusBody(server, TestTokens.user("701"));
    assertThat(body)
        .containsEntry("serverId", server)
        .containsEntry("dataState", "ok")
        .containsEntry("status", "running");
    assertThat(((Number) body.get("cpuPercent")).doubleValue()).isBetween(0.0, 100.0);
    assertThat(body.get("memoryPercent")).isNotNull();
    assertThat(body.get("sampledAt")).isNotNull();
    assertThat(statusBody(server, TestTokens.admin("9999"))).containsEntry("status", "running");

    byte[] foreign =
        status(server, TestTokens.user("702"))
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
    byte[] unknown =
        status("no-such-server", TestTokens.user("702"))
            .expectStatus()
            .isNotFound()
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(new String(foreign).replaceAll("\"instance\":\"[^\"]*\"", ""))
        .isEqualTo(new String(unknown).replaceAll("\"instance\":\"[^\"]*\"", ""));

    http.get().uri("/api/server/{id}/status", server).exchange().expectStatus().isUnauthorized();
  }

  @Test
  void anAnnouncedStatusChangeAppliesAtOnce() {
    String server = newServerId();
    addServer(server, "703", 101, "lxc", false);
    runCycle();
    assertThat(statusBody(server, TestTokens.user("703"))).containsEntry("status", "running");

    ServerEvent stopped =
        new ServerEvent(
            UUID.randomUUID(),
            ServerEvent.STATUS_CHANGED,
            ServerEvent.VERSION,
            Instant.now(),
            server,
            "703",
            null,
            null,
            "stopped",
            null);
    kafka.send(Topics.SERVER_EVENTS, server, EventJson.write(stopped));

    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThat(statusBody(server, TestTokens.user("703")))
                    .containsEntry("status", "stopped")
                    .containsEntry("cpuPercent", 0.0)
                    .containsEntry("uptimeSeconds", 0));
    // Proxmox still says running (its figures lag): the announcement holds for its grace
    runCycle();
    assertThat(statusBody(server, TestTokens.user("703"))).containsEntry("status", "stopped");
  }

  @Test
  void operationSucceededCarriesTheNewStatus() {
    String server = newServerId();
    addServer(server, "704", 102, "lxc", false);
    runCycle();
    assertThat(statusBody(server, TestTokens.user("704"))).containsEntry("status", "stopped");
    ServerEvent started =
        new ServerEvent(
            UUID.randomUUID(),
            ServerEvent.OPERATION_SUCCEEDED,
            ServerEvent.VERSION,
            Instant.now(),
            server,
            "704",
            null,
            null,
            "running",
            new ServerEvent.Operation(
                UUID.randomUUID().toString(),
                "start",
                "succeeded",
                null,
                Instant.now(),
                Instant.now()));
    kafka.send(Topics.SERVER_EVENTS, server, EventJson.write(started));
    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThat(statusBody(server, TestTokens.user("704")))
                    .containsEntry("status", "running"));
  }
}
