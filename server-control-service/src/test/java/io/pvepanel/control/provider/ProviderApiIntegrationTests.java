package io.pvepanel.control.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.control.TestServers;
import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.LxcCreateRequest;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.security.ProviderScope;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The provider API on the control service with real parts: keys made by staff and used by a billing
 * system, customers with contacts and entitlements, the provider's create, suspension.
 */
class ProviderApiIntegrationTests extends ControlIntegrationTest {

  static final String STAFF = TestTokens.admin("staff-1");

  @Autowired WebTestClient http;
  @Autowired CatalogRepository catalog;
  @Autowired ProviderKeyStore keys;
  @Autowired AuditLog audit;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired ProxmoxClusters clusters;

  @BeforeEach
  void catalog() {
    TestServers.offer(catalog, new Plan("small", "Small", 1, 1024, 512, 10, 2, false, true));
  }

  @Test
  @SuppressWarnings("unchecked")
  void staffMakeAKeyThatIsShownOnceStoredHashedAndRevocable() {
    Map<String, Object> made =
        http.post()
            .uri("/api/admin/keys")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + STAFF)
            .bodyValue(Map.of("name", "billing-a", "scopes", List.of("provisioning", "read")))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    String secret = (String) made.get("secret");
    assertThat(secret).startsWith("pvk_").hasSize(47);
    String id = (String) ((Map<String, Object>) made.get("key")).get("id");

    // listed without its secret; only its hash is stored
    http.get()
        .uri("/api/admin/keys")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + STAFF)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("billing-a").doesNotContain(secret));
    assertThat(keys.find(id).block()).isNotNull();

    // the key works, and cannot manage keys
    putCustomer(secret, "c-keys", Map.of("email", "c-keys@example.test")).expectStatus().isOk();
    http.get()
        .uri("/api/admin/keys")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
        .exchange()
        .expectStatus()
        .isForbidden();
    assertThat(audit.forSubject("customer:c-keys", 10).collectList().block())
        .extracting(AuditLog.Entry::actorId)
        .containsExactly("key:billing-a");

    // a duplicate name is a conflict
    http.post()
        .uri("/api/admin/keys")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + STAFF)
        .bodyValue(Map.of("name", "billing-a", "scopes", List.of("read")))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT);

    // revoked: 401 at once
    http.delete()
        .uri("/api/admin/keys/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + STAFF)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.revokedAt")
        .isNotEmpty();
    putCustomer(secret, "c-keys", Map.of()).expectStatus().isUnauthorized();
  }

  @Test
  void everyProviderRouteRefusesCustomersKeysWithoutTheScopeAndExpiredOrUnknownKeys() {
    String readOnly =
        keys.create("reader", EnumSet.of(ProviderScope.READ), null, "staff-1").block().secret();
    String expired =
        keys.create(
                "expired",
                EnumSet.allOf(ProviderScope.class),
                Instant.now().minusSeconds(1),
                "staff-1")
            .block()
            .secret();
    String customer = TestTokens.user("c-refused");
    String unknown = "pvk_" + "A".repeat(43);
    String malformed = "pvk_short";

    for (String bearer : List.of(customer, readOnly)) {
      HttpStatus expected = HttpStatus.FORBIDDEN;
      putCustomer(bearer, "c-refused", Map.of()).expectStatus().isEqualTo(expected);
      post(bearer, "/api/admin/servers", createBody("c-refused", "refused01"))
          .expectStatus()
          .isEqualTo(expected);
      post(bearer, "/api/admin/servers/00000000-0000-0000-0000-000000000000/suspend", Map.of())
          .expectStatus()
          .isEqualTo(expected);
      post(bearer, "/api/admin/keys", Map.of("name", "x", "scopes", List.of("read")))
          .expectStatus()
          .isEqualTo(expected);
    }
    // a customer cannot read either; a read key can
    get(customer, "/api/admin/customers").expectStatus().isForbidden();
    get(readOnly, "/api/admin/customers").expectStatus().isOk();
    // a key without the support scope is no user of the customer API
    get(readOnly, "/api/server").expectStatus().isForbidden();
    for (String bearer : List.of(expired, unknown, malformed)) {
      get(bearer, "/api/admin/customers").expectStatus().isUnauthorized();
    }
  }

  @Test
  void aCustomerOverTheirEntitlementsIsRefusedNamingTheLimitAndNothingIsMade() {
    String provider = provisioningKey("quota-key");
    putCustomer(
            provider,
            "c-quota",
            Map.of(
                "email",
                "c-quota@example.test",
                "entitlements",
                Map.of("maxServers", 1, "plans", List.of("small"))))
        .expectStatus()
        .isOk();
    String customer = TestTokens.user("c-quota");
    post(customer, "/api/server/create?wait=true", selfServiceBody("quota01"))
        .expectStatus()
        .isOk();
    int guests = PROXMOX.guests().size();

    post(customer, "/api/server/create", selfServiceBody("quota02"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://pvepanel.io/problems/quota-exceeded")
        .jsonPath("$.limit")
        .isEqualTo("maxServers");
    assertThat(PROXMOX.guests()).hasSize(guests);
    assertThat(PROXMOX.guests()).noneMatch(g -> "quota02".equals(g.name()));

    // the provider is not held to the customer's entitlements
    post(provider, "/api/admin/servers?wait=true", createBody("c-quota", "quota03"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSuspendedServerRefusesEveryCustomerActionUntilTheProviderLiftsIt() {
    String provider = provisioningKey("suspend-key");
    String customer = TestTokens.user("c-susp");
    Map<String, Object> created =
        post(provider, "/api/admin/servers?wait=true", createBody("c-susp", "susp01"))
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(created.get("state")).isEqualTo("succeeded");
    String serverId = (String) created.get("serverId");
    int vmid = TestServers.vmidOf(PROXMOX, "susp01");

    post(
            provider,
            "/api/admin/servers/" + serverId + "/suspend?wait=true",
            Map.of("reason", "invoice 1042 unpaid"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("stopped");

    get(customer, "/api/server/" + serverId)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.suspended")
        .isEqualTo(true)
        .jsonPath("$.suspendedReason")
        .isEqualTo("invoice 1042 unpaid");
    for (String path :
        List.of(
            "/api/server/" + serverId + "/start",
            "/api/server/" + serverId + "/snapshot",
            "/api/server/" + serverId + "/change-password",
            "/api/server/" + serverId + "/console")) {
      post(customer, path, Map.of("name", "before"))
          .expectStatus()
          .isForbidden()
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("https://pvepanel.io/problems/suspended");
    }
    http.delete()
        .uri("/api/server/{id}", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + customer)
        .exchange()
        .expectStatus()
        .isForbidden();
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("stopped");
    awaitInventory(serverId, "\"suspended\":true");

    post(provider, "/api/admin/servers/" + serverId + "/unsuspend?wait=true", Map.of())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("running");
    post(customer, "/api/server/" + serverId + "/stop?wait=true", Map.of()).expectStatus().isOk();
    awaitInventory(serverId, "\"suspended\":false");
    assertThat(audit.forServer(serverId, 20, 0).map(AuditLog.Entry::actorId).collectList().block())
        .contains("key:suspend-key", "c-susp");
  }

  @Test
  void theProvidersContactAddressReachesTheInventoryOfEveryServerOfTheCustomer() {
    String provider = provisioningKey("contact-key");
    String serverId =
        (String)
            post(provider, "/api/admin/servers?wait=true", createBody("c-contact", "contact01"))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("serverId");
    putCustomer(provider, "c-contact", Map.of("email", "billing-contact@example.test"))
        .expectStatus()
        .isOk();
    awaitInventory(serverId, "billing-contact@example.test");
    get(TestTokens.admin("staff-1"), "/api/admin/customers/c-contact")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.email")
        .isEqualTo("billing-contact@example.test");
  }

  @Test
  void aTransferHandsTheServerToTheNewCustomerAtOnce() {
    String provider = provisioningKey("transfer-key");
    putCustomer(provider, "c-new", Map.of("email", "c-new@example.test")).expectStatus().isOk();
    String serverId =
        (String)
            post(provider, "/api/admin/servers?wait=true", createBody("c-old", "moved02"))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("serverId");
    post(
            provider,
            "/api/admin/servers/" + serverId + "/transfer?wait=true",
            Map.of("customerId", "c-new"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
    get(TestTokens.user("c-old"), "/api/server/" + serverId).expectStatus().isNotFound();
    get(TestTokens.user("c-new"), "/api/server/" + serverId).expectStatus().isOk();
    awaitInventory(serverId, "\"ownerEmail\":\"c-new@example.test\"");
    // the guest kept running: nothing changed in Proxmox
    assertThat(PROXMOX.guest(TestServers.vmidOf(PROXMOX, "moved02")).status()).isEqualTo("running");
    post(provider, "/api/admin/servers/" + serverId + "/transfer", Map.of("customerId", "c-new"))
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void anExistingGuestIsAdoptedUntouchedWithItsSnapshotsAndOnlyOnce() {
    String provider = provisioningKey("adopt-key");
    var client = clusters.client("local");
    String node = PROXMOX.nodes().get(0);
    int vmid = client.nextId().block(Duration.ofSeconds(10));
    var created =
        client
            .createLxc(
                node,
                new LxcCreateRequest(
                    vmid,
                    TestServers.DEBIAN.volumeId(),
                    "legacy01",
                    null,
                    null,
                    null,
                    null,
                    null,
                    // a storage that can snapshot, as the panel's own creates use
                    "local-lvm",
                    4,
                    null,
                    null,
                    false,
                    null,
                    true,
                    null))
            .block(Duration.ofSeconds(10));
    client.awaitTask(created.upid(), Duration.ofSeconds(10)).block(Duration.ofSeconds(15));
    GuestRef ref = new GuestRef(node, GuestType.LXC, vmid);
    client
        .awaitTask(
            client
                .createSnapshot(ref, "before-move", "from the old panel")
                .block(Duration.ofSeconds(10)),
            Duration.ofSeconds(10))
        .block(Duration.ofSeconds(15));
    long proxmoxWrites =
        PROXMOX.requestCounts().entrySet().stream()
            .filter(e -> !e.getKey().startsWith("GET"))
            .mapToLong(Map.Entry::getValue)
            .sum();

    Map<String, Object> adopt =
        Map.of("customerId", "c-adopt", "node", node, "vmid", vmid, "type", "lxc");
    String serverId =
        (String)
            post(provider, "/api/admin/servers/adopt?wait=true", adopt)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("serverId");
    String customer = TestTokens.user("c-adopt");
    get(customer, "/api/server/" + serverId)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("legacy01")
        // as Proxmox has it: created without a start
        .jsonPath("$.status")
        .isEqualTo("stopped");
    get(customer, "/api/server/" + serverId + "/snapshots")
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("before-move"));
    // untouched: no call that changes anything reached Proxmox
    assertThat(
            PROXMOX.requestCounts().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("GET"))
                .mapToLong(Map.Entry::getValue)
                .sum())
        .isEqualTo(proxmoxWrites);
    awaitInventory(serverId, "\"vmid\":" + vmid);

    // another record of the same guest is refused, and a guest that does not exist
    post(provider, "/api/admin/servers/adopt", adopt).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    post(
            provider,
            "/api/admin/servers/adopt",
            Map.of("customerId", "c-adopt", "node", node, "vmid", 999_999, "type", "lxc"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("vmid");
  }

  @Test
  void aContainerChangesPlanLiveWithinTheCustomersEntitlementsAndItsDiskOnlyGrows() {
    TestServers.offer(catalog, new Plan("medium", "Medium", 2, 2048, 512, 20, 2, false, true));
    String provider = provisioningKey("resize-key");
    putCustomer(provider, "c-resize", Map.of("entitlements", Map.of("maxCores", 1)))
        .expectStatus()
        .isOk();
    String serverId =
        (String)
            post(provider, "/api/admin/servers?wait=true", createBody("c-resize", "resize01"))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("serverId");
    int vmid = TestServers.vmidOf(PROXMOX, "resize01");
    String customer = TestTokens.user("c-resize");

    // medium has 2 cores, the customer may hold 1: refused, nothing asked of Proxmox
    post(customer, "/api/server/" + serverId + "/resize", Map.of("planId", "medium"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.limit")
        .isEqualTo("maxCores");
    assertThat(PROXMOX.guest(vmid).cores()).isEqualTo(1);

    // the provider is not held to it: cores and memory live, the disk grown, the plan recorded
    post(
            provider,
            "/api/admin/servers/" + serverId + "/resize?wait=true",
            Map.of("planId", "medium"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("succeeded");
    assertThat(PROXMOX.guest(vmid).cores()).isEqualTo(2);
    assertThat(PROXMOX.guest(vmid).memoryMiB()).isEqualTo(2048);
    assertThat(PROXMOX.guest(vmid).diskGiB()).isEqualTo(20);
    assertThat(PROXMOX.guest(vmid).status()).isEqualTo("running");
    get(customer, "/api/server/" + serverId)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.planId")
        .isEqualTo("medium");

    // back to a plan with a smaller disk: disks only grow
    post(customer, "/api/server/" + serverId + "/resize", Map.of("planId", "small"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("planId");
  }

  // ------------------------------------------------------------------ helpers

  private String provisioningKey(String name) {
    return keys.create(
            name, EnumSet.of(ProviderScope.PROVISIONING, ProviderScope.READ), null, "staff-1")
        .block()
        .secret();
  }

  private static Map<String, Object> createBody(String customer, String hostname) {
    return Map.of(
        "customerId", customer, "planId", "small", "templateId", "debian-12", "hostname", hostname);
  }

  private static Map<String, Object> selfServiceBody(String hostname) {
    return Map.of("planId", "small", "templateId", "debian-12", "hostname", hostname);
  }

  private WebTestClient.ResponseSpec putCustomer(
      String bearer, String id, Map<String, Object> body) {
    return http.put()
        .uri("/api/admin/customers/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec post(String bearer, String path, Map<String, Object> body) {
    return http.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec get(String bearer, String path) {
    return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).exchange();
  }

  /** Waits (bounded) until the newest inventory record of a server contains {@code text}. */
  private void awaitInventory(String serverId, String text) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<String> values = inventory(serverId);
              return !values.isEmpty() && values.get(values.size() - 1).contains(text);
            });
  }

  private List<String> inventory(String serverId) {
    return TestServers.inventoryRecords(broker, serverId).stream()
        .map(ConsumerRecord::value)
        .filter(v -> v != null)
        .toList();
  }
}
