package io.pvepanel.gateway;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.TestTokens;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "pvepanel.gateway.live.consume=false")
@AutoConfigureWebTestClient
class ManagementPortAttackTests implements ActuatorContract {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestTokens.registerSpringProperties(registry);
  }
}
