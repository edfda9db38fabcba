package io.pvepanel.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.simulator.fault.Faults;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Proxmox goes away: clear 5xx problems, then the breaker answers 503 at once; then recovery. */
class ProxmoxOutageIntegrationTests extends ControlIntegrationTest {

  @Autowired WebTestClient http;
  @Autowired ServerRepository servers;

  @AfterEach
  void proxmoxBack() {
    PROXMOX.faults().endOutage();
  }

  @Test
  void anOutageTripsTheBreakerAndTheServiceRecoversWithProxmox() {
    String owner = "81";
    String id = TestServers.insert(servers, owner, 101, "pve1", "running");
    // Every call answers 595 (node unreachable), as pveproxy does when the node is down.
    PROXMOX.faults().outage(Faults.OutageMode.ERROR_595);

    List<String> types = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var result =
                  http.get()
                      .uri("/api/server/{id}/snapshots", id)
                      .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
                      .exchange()
                      .expectBody(String.class)
                      .returnResult();
              assertThat(result.getStatus().is5xxServerError()).isTrue();
              String type = result.getResponseBody();
              types.add(type);
              return type.contains("proxmox-unavailable");
            });
    assertThat(types)
        .allSatisfy(t -> assertThat(t).doesNotContain("Exception").doesNotContain("PVEAPIToken"));
    // Open breaker: the answer is 503 without a call to Proxmox.
    long calls = PROXMOX.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    http.post()
        .uri("/api/server/{id}/restart", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentTypeCompatibleWith("application/problem+json");
    assertThat(PROXMOX.requestCounts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(calls);

    PROXMOX.faults().endOutage();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/api/server/{id}/snapshots", id)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
                    .exchange()
                    .expectStatus()
                    .isOk());
  }
}
