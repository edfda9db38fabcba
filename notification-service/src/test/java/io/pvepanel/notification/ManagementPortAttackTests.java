package io.pvepanel.notification;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.ApiDocsContract;
import io.pvepanel.testsupport.TestDatabaseExtension;
import io.pvepanel.testsupport.TestTokens;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.kafka.listener.auto-startup=false"})
@AutoConfigureWebTestClient
class ManagementPortAttackTests implements ActuatorContract, ApiDocsContract {

  @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("notif_act");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    db.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
  }
}
