package io.pvepanel.control;

import io.pvepanel.events.Topics;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.testsupport.TestDatabase;
import io.pvepanel.testsupport.TestProxmox;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The control service on real parts: its own MariaDB database (one per test run), an in-process
 * KRaft broker and HS256 test tokens. Subclasses share one cached application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@EmbeddedKafka(
    partitions = 3,
    topics = {Topics.SERVER_INVENTORY, Topics.SERVER_EVENTS},
    bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class ControlIntegrationTest {

  protected static final TestDatabase DATABASE = TestDatabase.shared("control");

  /** Tasks take a moment, so that a second request can meet a running operation. */
  protected static final ProxmoxSimulator PROXMOX = TestProxmox.start(Duration.ofMillis(300));

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    DATABASE.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    TestProxmox.registerSpringProperties(PROXMOX, registry);
  }
}
