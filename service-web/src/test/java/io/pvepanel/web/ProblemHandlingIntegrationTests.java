package io.pvepanel.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ProblemHandlingIntegrationTests {

  @Autowired WebTestClient http;

  @Test
  void bodyValidationNamesEveryFieldTheFirstOnTop() {
    http.post()
        .uri("/things")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"\",\"size\":500}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://pvepanel.io/problems/invalid-input")
        .jsonPath("$.field")
        .isEqualTo("name")
        .jsonPath("$.errors[1].field")
        .isEqualTo("size");
  }

  @Test
  void wrongTypesMalformedJsonAndParametersAreNamed() {
    http.post()
        .uri("/things")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"a\",\"size\":\"big\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("size");
    // a boolean or a number is no name: not coerced into "false" or "7"
    for (String name : new String[] {"false", "7", "7.5"}) {
      http.post()
          .uri("/things")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"name\":" + name + ",\"size\":1}")
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.field")
          .isEqualTo("name");
    }
    http.post()
        .uri("/things")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{oops")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("body");
    http.get()
        .uri("/things?limit=9999")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("limit");
    http.get()
        .uri("/things?limit=abc")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("limit");
  }

  @Test
  void domainExceptionsHaveStableTypes() {
    http.get()
        .uri("/things/missing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://pvepanel.io/problems/not-found");
    http.get()
        .uri("/things/busy")
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "120")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://pvepanel.io/problems/rate-limited");
    http.get()
        .uri("/things/odd")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("colour")
        .jsonPath("$.trace")
        .doesNotExist();
  }

  record Thing(@NotBlank String name, @Max(100) int size) {}

  @SpringBootApplication
  @RestController
  @Validated
  static class App {
    @PostMapping("/things")
    Mono<Thing> create(@Valid @RequestBody Thing thing) {
      return Mono.just(thing);
    }

    @GetMapping("/things")
    Mono<String> list(@RequestParam(defaultValue = "10") @Max(100) int limit) {
      return Mono.just("ok");
    }

    @GetMapping("/things/{what}")
    Mono<String> one(@PathVariable String what) {
      return switch (what) {
        case "busy" -> Mono.error(new TooManyRequestsException("slow down", Duration.ofMinutes(2)));
        case "odd" -> Mono.error(new InvalidFieldException("colour", "is not a colour"));
        default -> Mono.error(new NotFoundException("Thing"));
      };
    }
  }
}
