package io.pvepanel.control.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.testsupport.MutableClock;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Termination as a timeline on a clock the test moves: a terminated server is suspended, restored
 * by unsuspend within its grace, and deleted once the grace has passed (housekeeping's sweep, run
 * here directly); without a grace it is deleted at once.
 */
@Import(TerminationIntegrationTests.Clocks.class)
@TestPropertySource(
    properties = {
      "pvepanel.control.provider.termination-grace=72h",
      // the sweep is run by the test
      "pvepanel.control.housekeeping.period=1h"
    })
class TerminationIntegrationTests extends ControlIntegrationTest {

  static final MutableClock CLOCK = new MutableClock();
  static final String STAFF = TestTokens.admin("staff-2");

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    MutableClock clock() {
      return CLOCK;
    }
  }

  @Autowired WebTestClient http;
  @Autowired CatalogRepository catalog;
  @Autowired TerminationSweep sweep;

  @BeforeEach
  void catalog() {
    TestServers.offer(catalog, new Plan("small", "Small", 1, 1024, 512, 10, 2, false, true));
  }

  @Test
  void terminatedThenRestoredThenTerminatedAndGoneAfterTheGrace() {
    String serverId = create("c-term", "term01");
    int vmid = TestServers.vmidOf(PROXMOX, "term01");

    act(serverId, "terminate", Map.of("graceHours", 24));
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("stopped");
    get(TestTokens.user("c-term"), serverId)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.suspended")
        .isEqualTo(true)
        .jsonPath("$.terminateAt")
        .isNotEmpty();
    CLOCK.advance(Duration.ofHours(23));
    assertThat(sweep.run().block(Duration.ofSeconds(10))).isZero();

    // restored within the grace
    act(serverId, "unsuspend", Map.of());
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("running");
    CLOCK.advance(Duration.ofHours(2));
    assertThat(sweep.run().block(Duration.ofSeconds(10))).isZero();
    get(TestTokens.user("c-term"), serverId)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.suspended")
        .isEqualTo(false);

    // terminated again with the configured grace (72 h): still there after 71 h, gone after 73 h
    act(serverId, "terminate", Map.of());
    CLOCK.advance(Duration.ofHours(71));
    assertThat(sweep.run().block(Duration.ofSeconds(10))).isZero();
    CLOCK.advance(Duration.ofHours(2));
    assertThat(sweep.run().block(Duration.ofSeconds(10))).isEqualTo(1);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> PROXMOX.guest(vmid) == null);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> get(STAFF, serverId).expectStatus().isNotFound());
  }

  @Test
  void withoutAGraceTheServerIsDeletedAtOnce() {
    String serverId = create("c-term0", "term02");
    int vmid = TestServers.vmidOf(PROXMOX, "term02");
    act(serverId, "terminate", Map.of("graceHours", 0));
    assertThat(PROXMOX.guest(vmid)).isNull();
    get(STAFF, serverId).expectStatus().isNotFound();
  }

  private String create(String customer, String hostname) {
    return (String)
        http.post()
            .uri("/api/admin/servers?wait=true")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + STAFF)
            .bodyValue(
                Map.of(
                    "customerId",
                    customer,
                    "planId",
                    "small",
                    "templateId",
                    "debian-12",
                    "hostname",
                    hostname))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("serverId");
  }

  private void act(String serverId, String action, Map<String, Object> body) {
    http.post()
        .uri("/api/admin/servers/{id}/{action}?wait=true", serverId, action)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + STAFF)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
  }

  private WebTestClient.ResponseSpec get(String bearer, String serverId) {
    return http.get()
        .uri("/api/server/{id}", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
        .exchange();
  }
}
