package io.pvepanel.control.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ServerOwnershipIntegrationTests extends ControlIntegrationTest {

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;

  final String ownerA = "1" + (System.nanoTime() % 100_000);
  final String ownerB = "2" + (System.nanoTime() % 100_000);
  String serverOfA;
  String serverOfB;

  @BeforeEach
  void twoOwners() {
    serverOfA = insert(ownerA, 4000 + (int) (System.nanoTime() % 50_000));
    serverOfB = insert(ownerB, 60_000 + (int) (System.nanoTime() % 30_000));
  }

  @Test
  void aUserListsOnlyTheirOwnServersAndNeverAPassword() {
    http.get()
        .uri("/api/server/my-servers")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(ownerA))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[*].id")
        .value(ids -> assertThat(ids.toString()).contains(serverOfA).doesNotContain(serverOfB))
        .jsonPath("$[0].password")
        .doesNotExist();
  }

  @Test
  void foreignAndUnknownIdsAnswerTheSame404() {
    byte[] foreign =
        http.get()
            .uri("/api/server/{id}", serverOfB)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(ownerA))
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
    byte[] unknown =
        http.get()
            .uri("/api/server/{id}", UUID.randomUUID())
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(ownerA))
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(new String(foreign).replaceAll("\"instance\":\"[^\"]*\"", ""))
        .isEqualTo(new String(unknown).replaceAll("\"instance\":\"[^\"]*\"", ""));
  }

  @Test
  void supportStaffSeeEveryServer() {
    http.get()
        .uri("/api/server/{id}", serverOfB)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("900"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.ownerId")
        .isEqualTo(ownerB);
  }

  @Test
  void noTokenNoAnswer() {
    http.get().uri("/api/server/{id}", serverOfA).exchange().expectStatus().isUnauthorized();
  }

  private String insert(String owner, int vmid) {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    servers
        .insert(
            new Server(
                id,
                owner,
                owner + "@example.test",
                "local",
                "pve1",
                vmid,
                "lxc",
                "web-" + vmid,
                "small",
                "debian-12",
                io.pvepanel.control.server.ServerStatus.RUNNING,
                null,
                now,
                now))
        .block(Duration.ofSeconds(10));
    return id;
  }
}
