package io.pvepanel.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.testsupport.FreePorts;
import io.pvepanel.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Hole 3 and the second half of hole 6 of issue #13 (docs/security.md), on a gateway whose TCP peer
 * (this test, 127.0.0.1) is a trusted proxy: a client cannot escape its per-address limit by
 * writing forwarding headers, and failed authentications are limited before the token is looked at.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pvepanel.gateway.live.consume=false",
      "pvepanel.gateway.trusted-proxies=127.0.0.1/32",
      "pvepanel.gateway.rate-limits.general.capacity=5",
      "pvepanel.gateway.rate-limits.general.refill-period=10m",
      "pvepanel.gateway.rate-limits.failed-authentications.capacity=3",
      "pvepanel.gateway.rate-limits.failed-authentications.refill-period=10m"
    })
@AutoConfigureWebTestClient
class RateLimitAttackTests {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestTokens.registerSpringProperties(registry);
    String dead = "http://127.0.0.1:" + FreePorts.find();
    registry.add("pvepanel.gateway.backends.collector", () -> dead);
    registry.add("pvepanel.gateway.backends.control", () -> dead);
    registry.add("pvepanel.gateway.backends.alerting", () -> dead);
    registry.add("pvepanel.gateway.backends.notification", () -> dead);
  }

  @Autowired WebTestClient http;

  @Test
  void rotatingTheEntriesAClientWritesDoesNotEscapeItsAddressesLimit() {
    int limited = 0;
    for (int i = 0; i < 12; i++) {
      // the client wrote the first two entries; the trusted proxy appended what it saw
      int status =
          http.get()
              .uri("/index.html")
              .header("X-Forwarded-For", "10.9." + i + ".1, 198.51.100." + i + ", 203.0.113.7")
              .header("Forwarded", "for=192.0.2." + i)
              .exchange()
              .returnResult(String.class)
              .getStatus()
              .value();
      if (status == 429) {
        limited++;
      }
    }
    assertThat(limited).isEqualTo(7);
    // another client behind the same proxy has its own bucket
    http.get()
        .uri("/index.html")
        .header("X-Forwarded-For", "203.0.113.8")
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void anAddressThatFailsToAuthenticateIsRefusedBeforeItsTokenIsRead() {
    String from = "203.0.113.50";
    for (int i = 0; i < 3; i++) {
      http.get()
          .uri("/api/server/my-servers")
          .header("X-Forwarded-For", from)
          .header(HttpHeaders.AUTHORIZATION, "Bearer not.a." + i)
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }
    // even a valid token now waits: the address is refused before the token is read
    http.get()
        .uri("/api/server/my-servers")
        .header("X-Forwarded-For", from)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1"))
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists(HttpHeaders.RETRY_AFTER);
    // other addresses are not affected
    http.get()
        .uri("/api/server/my-servers")
        .header("X-Forwarded-For", "203.0.113.51")
        .header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
