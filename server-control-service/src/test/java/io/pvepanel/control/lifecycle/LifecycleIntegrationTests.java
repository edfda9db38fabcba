package io.pvepanel.control.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Power actions through the API against the simulator: ownership, 202/409, task following. */
class LifecycleIntegrationTests extends ControlIntegrationTest {

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;
  @Autowired ProxmoxClusters clusters;

  @Test
  void startWaitsForTheTaskAndTheGuestRuns() {
    String owner = "31";
    TestServers.ensure(clusters, GuestRef.lxc("pve2", 102), false);
    String id = insert(owner, 102, "pve2", "stopped");
    http.post()
        .uri("/api/server/{id}/start?wait=true", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded")
        .jsonPath("$.kind")
        .isEqualTo("start");
    assertThat(PROXMOX.guest(102).status()).isEqualTo("running");
    http.get()
        .uri("/api/server/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("running");

    // Stopping answers 202 with the operation's address at once; the operation then ends.
    String location =
        http.post()
            .uri("/api/server/{id}/control", id)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
            .bodyValue(Map.of("action", "stop"))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody()
            .jsonPath("$.state")
            .isEqualTo("running")
            .returnResult()
            .getResponseHeaders()
            .getLocation()
            .toString();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                http.get()
                    .uri(location)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
                    .exchange()
                    .expectBody()
                    .jsonPath("$.state")
                    .isEqualTo("succeeded"));
    assertThat(PROXMOX.guest(102).status()).isEqualTo("stopped");

    http.get()
        .uri("/api/server/{id}/actions", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].action")
        .isEqualTo("stop")
        .jsonPath("$[0].result")
        .isEqualTo("succeeded");
  }

  @Test
  void aSecondMutationWhileOneRunsIsRefusedWith409() {
    String owner = "32";
    TestServers.ensure(clusters, io.pvepanel.proxmox.client.GuestRef.lxc("pve2", 105), true);
    String id = insert(owner, 105, "pve2", "running");
    List<HttpStatus> statuses = new ArrayList<>();
    Flux.range(0, 2)
        .flatMap(
            i ->
                Mono.fromCallable(
                    () ->
                        http.post()
                            .uri("/api/server/{id}/restart", id)
                            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
                            .exchange()
                            .returnResult(String.class)
                            .getStatus()))
        .map(s -> HttpStatus.valueOf(s.value()))
        .doOnNext(statuses::add)
        .blockLast(Duration.ofSeconds(20));
    assertThat(statuses).containsExactlyInAnyOrder(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                http.post()
                    .uri("/api/server/{id}/start", id)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.CONFLICT)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://pvepanel.io/problems/guest-state"));
  }

  @Test
  void aForeignUserGets404EverywhereAndProxmoxSeesNothing() {
    String id = insert("33", 104, "pve1", "stopped");
    String stranger = TestTokens.user("34");
    long before = PROXMOX.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    AtomicInteger calls = new AtomicInteger();
    for (String path : List.of("/start", "/stop", "/restart")) {
      calls.incrementAndGet();
      http.post()
          .uri("/api/server/{id}" + path, id)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger)
          .exchange()
          .expectStatus()
          .isNotFound();
    }
    http.post()
        .uri("/api/server/{id}/control", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger)
        .bodyValue(Map.of("action", "start"))
        .exchange()
        .expectStatus()
        .isNotFound();
    for (String path : List.of("", "/operations", "/actions")) {
      http.get()
          .uri("/api/server/{id}" + path, id)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger)
          .exchange()
          .expectStatus()
          .isNotFound();
    }
    long after = PROXMOX.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void unknownActionsAreRefusedNamingTheField() {
    String owner = "35";
    String id = insert(owner, 201, "pve2", "stopped");
    http.post()
        .uri("/api/server/{id}/control", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .bodyValue(Map.of("action", "explode"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("action");
  }

  private String insert(String owner, int vmid, String node, String status) {
    return TestServers.insert(servers, owner, vmid, node, status);
  }
}
