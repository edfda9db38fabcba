package io.pvepanel.testsupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A service publishes its OpenAPI document without a token, for the gateway to aggregate. */
public interface ApiDocsContract {

  @Test
  default void publishesItsOpenApiDocument(@Autowired WebTestClient http) {
    http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.openapi")
        .exists()
        .jsonPath("$.paths")
        .isNotEmpty();
  }
}
