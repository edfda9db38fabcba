package io.pvepanel.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.testsupport.FreePorts;
import io.pvepanel.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The dashboard (static resources) is served without a token, while {@code /api/**} still needs
 * one.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "pvepanel.gateway.live.consume=false")
@AutoConfigureWebTestClient
class DashboardStaticIntegrationTests {

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
  void rootServesTheDashboardWithoutToken() {
    String html =
        http.get()
            .uri("/")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(html).contains("<title>").contains("assets/app.js");
    // no inline script: the page's CSP allows scripts from 'self' only
    assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
  }

  @Test
  void indexAssetsAndVendorFilesArePublic() {
    http.get().uri("/index.html").exchange().expectStatus().isOk();
    http.get()
        .uri("/assets/app.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith("text/javascript");
    http.get().uri("/assets/app.css").exchange().expectStatus().isOk();
  }

  @Test
  void vendorPathIsNotBehindTheTokenCheck() {
    // present when the build ran npm ci; either way never 401
    int status =
        http.get()
            .uri("/vendor/xterm/xterm.mjs")
            .exchange()
            .returnResult(byte[].class)
            .getStatus()
            .value();
    assertThat(status).isIn(200, 404);
  }

  @Test
  void apiStillNeedsToken() {
    http.get().uri("/api/server/my-servers").exchange().expectStatus().isUnauthorized();
  }
}
