package io.pvepanel.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service promises the platform: liveness and readiness probes and a Prometheus scrape,
 * all without a token. A service's test class implements this on its own running context.
 */
public interface ActuatorContract {

  /** A client bound to the service under test. */
  WebTestClient http();

  @Test
  default void livenessAndReadinessAreUpWithoutAToken() {
    for (String probe : new String[] {"liveness", "readiness"}) {
      http()
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
  default void prometheusScrapeServesJvmMetrics() {
    http()
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
  }
}
