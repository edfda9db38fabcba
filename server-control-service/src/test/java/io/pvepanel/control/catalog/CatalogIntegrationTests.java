package io.pvepanel.control.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlIntegrationTest;
import io.pvepanel.testsupport.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class CatalogIntegrationTests extends ControlIntegrationTest {

  @Autowired WebTestClient http;

  @Test
  void supportStaffManageThePlansEveryoneReadsThem() {
    String id = "plan-" + (System.nanoTime() % 1_000_000);
    Map<String, Object> plan =
        Map.of(
            "id",
            id,
            "name",
            "Test",
            "cores",
            2,
            "memoryMib",
            2048,
            "swapMib",
            512,
            "diskGib",
            20,
            "snapshotQuota",
            3,
            "diskFromAgent",
            false,
            "active",
            true);
    http.post()
        .uri("/api/catalog/plans")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("900"))
        .bodyValue(plan)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(id);

    http.get()
        .uri("/api/catalog/plans")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("5"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.id == '" + id + "')].snapshotQuota")
        .isEqualTo(3);

    http.delete()
        .uri("/api/catalog/plans/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("900"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.active")
        .isEqualTo(false);

    http.get()
        .uri("/api/catalog/plans")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("5"))
        .exchange()
        .expectBody(String.class)
        .value(body -> assertThat(body).doesNotContain(id));
  }

  @Test
  void customersCannotChangeTheCatalog() {
    http.post()
        .uri("/api/catalog/templates")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("5"))
        .bodyValue(
            Map.of(
                "id",
                "evil",
                "name",
                "Evil",
                "osType",
                "debian",
                "volumeId",
                "local:vztmpl/evil.tar.zst",
                "active",
                true))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void badInputNamesTheField() {
    http.post()
        .uri("/api/catalog/plans")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("900"))
        .bodyValue(
            Map.of(
                "id",
                "ok-id",
                "name",
                "X",
                "cores",
                0,
                "memoryMib",
                2048,
                "swapMib",
                0,
                "diskGib",
                10,
                "snapshotQuota",
                1,
                "diskFromAgent",
                false,
                "active",
                true))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("cores");

    http.post()
        .uri("/api/catalog/templates")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("900"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"id\":\"t1\",\"name\":\"T\",\"osType\":\"debian\",\"volumeId\":\"x\",\"active\":\"maybe\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("active");

    http.post()
        .uri("/api/catalog/templates")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("900"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{not json")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
