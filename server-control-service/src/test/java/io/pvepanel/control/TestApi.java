package io.pvepanel.control;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Reading the control API the way a customer does, for assertions. */
public final class TestApi {

  private TestApi() {}

  /** A JSON array answered {@code 200} to {@code GET uri} with {@code token}. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> getList(
      WebTestClient http, String token, String uri, Object... uriVariables) {
    return http
        .get()
        .uri(uri, uriVariables)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBodyList(Map.class)
        .returnResult()
        .getResponseBody()
        .stream()
        .map(m -> (Map<String, Object>) m)
        .toList();
  }
}
