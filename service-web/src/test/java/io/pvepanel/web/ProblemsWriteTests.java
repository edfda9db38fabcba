package io.pvepanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

/** The one problem+json writer outside controllers (gateway errors, limits, 401/403). */
class ProblemsWriteTests {

  @Test
  void writesTheSuitesProblemDocumentAndKeepsHeadersSetBefore() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(MockServerHttpRequest.get("/api/server/42"));
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "3");

    StepVerifier.create(
            Problems.write(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Too Many Requests",
                "Slow down \"now\"."))
        .expectComplete()
        .verify(Duration.ofSeconds(5));

    var response = exchange.getResponse();
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
    StepVerifier.create(response.getBodyAsString())
        .expectNext(
            "{\"type\":\"https://pvepanel.io/problems/rate-limited\",\"title\":\"Too Many"
                + " Requests\",\"status\":429,\"detail\":\"Slow down \\\"now\\\".\","
                + "\"instance\":\"/api/server/42\"}")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void writesNothingOnceTheResponseIsCommitted() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
    StepVerifier.create(exchange.getResponse().setComplete())
        .expectComplete()
        .verify(Duration.ofSeconds(5));

    StepVerifier.create(
            Problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "t", "d"))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(exchange.getResponse().getStatusCode())
        .isNotEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
