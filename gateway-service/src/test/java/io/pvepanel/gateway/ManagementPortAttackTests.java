package io.pvepanel.gateway;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "pvepanel.gateway.live.consume=false")
@AutoConfigureWebTestClient
class ManagementPortAttackTests implements ActuatorContract {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestTokens.registerSpringProperties(registry);
  }

  @Autowired WebTestClient http;

  @LocalManagementPort int managementPort;

  @Override
  public WebTestClient http() {
    return http;
  }

  @Override
  public int managementPort() {
    return managementPort;
  }
}
