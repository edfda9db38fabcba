package io.pvepanel.control.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestApi;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.LxcCreateRequest;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.simulator.GuestView;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

class CreateDeleteIntegrationTests extends ControlIntegrationTest {

  static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9cZr2VJb6rjQk9l3X0pYw0m8m2N3u6qk8a5bJ9x0aZ ops@example";

  @Autowired WebTestClient http;
  @Autowired CatalogRepository catalog;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired ProxmoxClusters clusters;

  @BeforeEach
  void catalog() {
    TestServers.offer(catalog, new Plan("small", "Small", 1, 1024, 512, 10, 2, false, true));
  }

  @Test
  @SuppressWarnings("unchecked")
  void createsARunningContainerThenDeletesItForGood() {
    String owner = "71";
    String token = TestTokens.user(owner);
    Map<String, Object> op =
        http.post()
            .uri("/api/server/create?wait=true")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .bodyValue(
                Map.of(
                    "planId",
                    "small",
                    "templateId",
                    "debian-12",
                    "hostname",
                    "shop01",
                    "sshPublicKey",
                    KEY))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(op.get("state")).isEqualTo("succeeded");
    String serverId = (String) op.get("serverId");

    Map<String, Object> server =
        http.get()
            .uri("/api/server/{id}", serverId)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(server.get("status")).isEqualTo("running");
    assertThat(server.get("name")).isEqualTo("shop01");
    int vmid =
        PROXMOX.guests().stream()
            .filter(g -> "shop01".equals(g.name()))
            .findFirst()
            .orElseThrow()
            .vmid();
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("running");

    List<ConsumerRecord<String, String>> inventory = new ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> inventoryFor(serverId, inventory));
    assertThat(inventory.get(0).value())
        .contains("\"ownerId\":\"71\"")
        .contains("\"vmid\":" + vmid);

    String deleteOperation =
        (String)
            http.delete()
                .uri("/api/server/{id}?wait=true", serverId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
    // The server is gone, but whoever deleted it can still read how the delete ended.
    http.get()
        .uri("/api/operations/{op}", deleteOperation)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
    http.get()
        .uri("/api/operations/{op}", deleteOperation)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("73"))
        .exchange()
        .expectStatus()
        .isNotFound();
    assertThat(PROXMOX.guest(vmid)).isNull();
    http.get()
        .uri("/api/server/{id}", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isNotFound();
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                inventoryFor(serverId, inventory)
                    && inventory.stream().anyMatch(r -> r.value() == null));
  }

  @Test
  void aServerWhoseGuestWasDestroyedOutsideThePanelIsDeletedAllTheSame() {
    String token = TestTokens.user("74");
    String serverId = create(token, "gone01");
    int vmid = vmidOf("gone01");
    destroyInProxmox(vmid);

    http.delete()
        .uri("/api/server/{id}?wait=true", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
    http.get()
        .uri("/api/server/{id}", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void aGuestThatNowHasTheServersVmidOnAnotherNodeIsNeverDeletedInItsPlace() {
    String token = TestTokens.user("75");
    String serverId = create(token, "moved01");
    int vmid = vmidOf("moved01");
    String node = PROXMOX.guest(vmid).node();
    String otherNode = PROXMOX.nodes().stream().filter(n -> !n.equals(node)).findFirst().get();
    destroyInProxmox(vmid);
    var client = clusters.client("local");
    var stranger =
        client
            .createLxc(
                otherNode,
                new LxcCreateRequest(
                    vmid,
                    TestServers.DEBIAN.volumeId(),
                    "stranger01",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    null,
                    true,
                    null))
            .block(Duration.ofSeconds(10));
    client.awaitTask(stranger.upid(), Duration.ofSeconds(10)).block(Duration.ofSeconds(15));

    http.delete()
        .uri("/api/server/{id}?wait=true", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .is5xxServerError();
    assertThat(PROXMOX.guest(vmid)).isNotNull();
    assertThat(PROXMOX.guest(vmid).name()).isEqualTo("stranger01");
    http.get()
        .uri("/api/server/{id}", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk();
  }

  /**
   * The record and the queued operation exist before Proxmox is asked for anything, and a failure
   * at any step of the create (placement, the create call, the start) removes what it made: no
   * container in Proxmox, no server in the panel.
   */
  @Test
  void aFailureAtAnyStepOfACreateLeavesNothingBehind() {
    String token = TestTokens.user("76");
    String[][] steps = {
      {"GET", "/nodes"}, {"POST", "/nodes/*/lxc"}, {"POST", "/nodes/*/lxc/*/status/start"}
    };
    for (int i = 0; i < steps.length; i++) {
      String hostname = "broken0" + i;
      var fault = PROXMOX.faults().error(steps[i][0], steps[i][1], 500, "injected");
      try {
        var response =
            http.post()
                .uri("/api/server/create?wait=true")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .bodyValue(
                    Map.of("planId", "small", "templateId", "debian-12", "hostname", hostname))
                .exchange();
        if (i < 2) {
          // nothing was accepted by Proxmox: the request itself fails
          response.expectStatus().is5xxServerError();
        } else {
          response.expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("failed");
        }
      } finally {
        PROXMOX.faults().remove(fault.id());
      }
      assertThat(PROXMOX.guests()).noneMatch(g -> hostname.equals(g.name()));
      assertThat(TestApi.getList(http, token, "/api/server/my-servers"))
          .noneMatch(s -> hostname.equals(s.get("name")));
    }
  }

  @SuppressWarnings("unchecked")
  private String create(String token, String hostname) {
    Map<String, Object> op =
        http.post()
            .uri("/api/server/create?wait=true")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .bodyValue(Map.of("planId", "small", "templateId", "debian-12", "hostname", hostname))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(op.get("state")).isEqualTo("succeeded");
    return (String) op.get("serverId");
  }

  private static int vmidOf(String hostname) {
    return PROXMOX.guests().stream()
        .filter(g -> hostname.equals(g.name()))
        .findFirst()
        .orElseThrow()
        .vmid();
  }

  /** Stops and destroys a guest the way an administrator would, behind the panel's back. */
  private void destroyInProxmox(int vmid) {
    GuestView guest = PROXMOX.guest(vmid);
    GuestRef ref = GuestRef.lxc(guest.node(), vmid);
    TestServers.ensure(clusters, ref, false);
    var client = clusters.client("local");
    client
        .awaitTask(client.delete(ref).block(Duration.ofSeconds(10)), Duration.ofSeconds(10))
        .block(Duration.ofSeconds(15));
    assertThat(PROXMOX.guest(vmid)).isNull();
  }

  @Test
  void everyBadFieldIsNamed() {
    String token = TestTokens.user("72");
    Map<String, String> valid =
        Map.of("planId", "small", "templateId", "debian-12", "hostname", "ok-host");
    Map<String, String> badValues =
        Map.of(
            "planId", "no-such-plan",
            "templateId", "no-such-template",
            "hostname", "-not_a_label-",
            "sshPublicKey", "rm -rf /");
    badValues.forEach(
        (field, bad) -> {
          Map<String, String> body = new HashMap<>(valid);
          body.put(field, bad);
          http.post()
              .uri("/api/server/create")
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
              .bodyValue(body)
              .exchange()
              .expectStatus()
              .isBadRequest()
              .expectHeader()
              .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
              .expectBody()
              .jsonPath("$.field")
              .isEqualTo(field);
        });
    for (String missing : valid.keySet()) {
      Map<String, String> body = new HashMap<>(valid);
      body.remove(missing);
      http.post()
          .uri("/api/server/create")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .bodyValue(body)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.field")
          .isEqualTo(missing);
    }
    http.post()
        .uri("/api/server/create")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"planId\": [1,2]}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("planId");
  }

  private boolean inventoryFor(String serverId, List<ConsumerRecord<String, String>> into) {
    into.clear();
    into.addAll(TestServers.inventoryRecords(broker, serverId));
    return !into.isEmpty();
  }
}
