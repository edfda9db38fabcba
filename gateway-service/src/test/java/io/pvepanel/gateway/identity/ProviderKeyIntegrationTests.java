package io.pvepanel.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.support.EchoBackend;
import io.pvepanel.gateway.support.StubControl;
import io.pvepanel.testsupport.FreePorts;
import io.pvepanel.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Provider API keys at the gateway: confirmed by the control service over RSocket ({@code
 * provider.key}, here its in-process stand-in), relayed unchanged to the control service, which
 * checks them again; unknown keys are 401 and reach no service; a confirmed key is remembered for
 * the cache's time only.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pvepanel.gateway.live.consume=false",
      "pvepanel.gateway.provider-keys.cache-ttl=1h",
      "pvepanel.gateway.rate-limits.failed-authentications.capacity=10000",
    })
@AutoConfigureWebTestClient
class ProviderKeyIntegrationTests {

  static final StubControl RSOCKET = new StubControl();
  static final EchoBackend CONTROL = new EchoBackend("control");
  static final String KEY = "pvk_" + "b".repeat(43);
  static final String OTHER = "pvk_" + "c".repeat(43);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestTokens.registerSpringProperties(registry);
    registry.add("pvepanel.gateway.backends.control", CONTROL::url);
    registry.add("pvepanel.gateway.backends.control-rsocket", RSOCKET::url);
    String nowhere = "http://127.0.0.1:" + FreePorts.find();
    registry.add("pvepanel.gateway.backends.collector", () -> nowhere);
    registry.add("pvepanel.gateway.backends.alerting", () -> nowhere);
    registry.add("pvepanel.gateway.backends.notification", () -> nowhere);
  }

  @AfterAll
  static void stop() {
    RSOCKET.close();
    CONTROL.close();
  }

  @Autowired WebTestClient http;

  @Test
  void aKeyTheControlServiceConfirmsIsRelayedUnchangedAndRememberedForTheCachesTime() {
    RSOCKET.putProviderKey(KEY, "billing", "provisioning", "read");
    int before = CONTROL.requests();
    int asked = RSOCKET.providerKeyCalls();
    for (int i = 0; i < 3; i++) {
      http.get()
          .uri("/api/admin/customers")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.backend")
          .isEqualTo("control")
          .jsonPath("$.headers.authorization[0]")
          .isEqualTo("Bearer " + KEY);
    }
    assertThat(CONTROL.requests()).isEqualTo(before + 3);
    assertThat(RSOCKET.providerKeyCalls()).isEqualTo(asked + 1);
  }

  @Test
  void unknownAndMalformedKeysAre401AndReachNoService() {
    int before = CONTROL.requests();
    int asked = RSOCKET.providerKeyCalls();
    for (String bad :
        new String[] {OTHER, "pvk_short", "pvk_" + "d".repeat(42) + "=", "pvk_" + "e".repeat(44)}) {
      http.get()
          .uri("/api/admin/customers")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + bad)
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .contentType("application/problem+json");
    }
    assertThat(CONTROL.requests()).isEqualTo(before);
    // only the well-formed key was asked about
    assertThat(RSOCKET.providerKeyCalls()).isEqualTo(asked + 1);
  }
}
