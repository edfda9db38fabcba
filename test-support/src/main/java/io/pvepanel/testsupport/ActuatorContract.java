package io.pvepanel.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service promises the platform: liveness and readiness probes and a Prometheus scrape,
 * all without a token, on the management port only (issue #13, hole 9: a caller of the public port
 * reads no metrics, info or probes). A service's test class implements this on its own running
 * context ({@code @SpringBootTest(webEnvironment = RANDOM_PORT)} with
 * {@code @AutoConfigureWebTestClient}); the checks take the client and the ports from that context
 * as parameters, so implementing it needs no code.
 */
public interface ActuatorContract {

  /** The running context's management port (what {@code @LocalManagementPort} reads). */
  String MANAGEMENT_PORT = "${local.management.port}";

  /** A client bound to the management port. */
  static WebTestClient management(int managementPort) {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
  }

  @Test
  default void metricsInfoAndProbesAreNotOnThePublicPort(@Autowired WebTestClient http) {
    for (String path :
        new String[] {
          "/actuator/prometheus", "/actuator/info", "/actuator/health", "/actuator/health/readiness"
        }) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .value(status -> assertThat(status).as(path).isIn(401, 403, 404))
          .expectBody(String.class)
          .value(body -> assertThat(String.valueOf(body)).doesNotContain("jvm_memory_used_bytes"));
    }
  }

  @Test
  default void livenessAndReadinessAreUpWithoutAToken(@Value(MANAGEMENT_PORT) int managementPort) {
    for (String probe : new String[] {"liveness", "readiness"}) {
      management(managementPort)
          .get()
          .uri("/actuator/health/" + probe)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP");
    }
  }

  @Test
  default void prometheusScrapeServesJvmMetrics(@Value(MANAGEMENT_PORT) int managementPort) {
    management(managementPort)
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
  }
}
