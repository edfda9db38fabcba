package io.pvepanel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pvepanel.security.jwt.secret=" + PinnedAlgorithmJwtDecoderTests.SECRET,
      "pvepanel.security.jwt.require-scope=false"
    })
@AutoConfigureWebTestClient
class ResourceServerIntegrationTests {

  @Autowired WebTestClient http;

  @Test
  void answersTheCallerFromAValidToken() throws Exception {
    String token =
        PinnedAlgorithmJwtDecoderTests.hs(
            PinnedAlgorithmJwtDecoderTests.claims(
                b -> b.claim("id", 5).claim("email", "five@example.test").claim("role", "admin")));
    http.get()
        .uri("/me")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("5")
        .jsonPath("$.admin")
        .isEqualTo(true);
  }

  @Test
  void refusesMissingAndBadTokensWithAProblemAndAChallenge() {
    for (String auth : List.of("", "Bearer nope", "Basic dXNlcjpwYXNz")) {
      var spec = http.get().uri("/me");
      if (!auth.isEmpty()) {
        spec = spec.header(HttpHeaders.AUTHORIZATION, auth);
      }
      spec.exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectHeader()
          .value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo(401);
    }
  }

  @Test
  void leavesProbesOpen() {
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @SpringBootApplication
  @RestController
  static class App {
    @GetMapping("/me")
    Mono<Map<String, Object>> me() {
      return CurrentUser.current()
          .map(u -> Map.<String, Object>of("id", u.id(), "admin", u.admin()));
    }
  }
}
