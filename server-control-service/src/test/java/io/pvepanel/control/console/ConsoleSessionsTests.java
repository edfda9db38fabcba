package io.pvepanel.control.console;

import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.proxmox.client.autoconfigure.ProxmoxClientAutoConfiguration;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.testsupport.MutableClock;
import io.pvepanel.testsupport.TestDatabase;
import io.pvepanel.testsupport.TestProxmox;
import io.pvepanel.web.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.test.StepVerifier;

/**
 * Console sessions below the HTTP layer: a slice of the data layer (its own database, the service's
 * migrations), the Proxmox client against the simulator, and a clock the test moves.
 */
@SpringBootTest(classes = ConsoleSessionsTests.Slice.class)
class ConsoleSessionsTests {

  static final TestDatabase DATABASE = TestDatabase.create("console");
  static final ProxmoxSimulator PROXMOX = TestProxmox.start(Duration.ZERO);
  static final MutableClock CLOCK = new MutableClock();
  static final CurrentUser OWNER = new CurrentUser("7", "7@example.test", false);

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    R2dbcAutoConfiguration.class,
    FlywayAutoConfiguration.class,
    ProxmoxClientAutoConfiguration.class
  })
  @EnableConfigurationProperties(ControlProperties.class)
  @Import({ConsoleSessions.class, ServerRepository.class, ServerAccess.class})
  static class Slice {
    @Bean
    MutableClock clock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    DATABASE.registerSpringProperties(registry);
    TestProxmox.registerSpringProperties(PROXMOX, registry);
  }

  @AfterAll
  static void close() {
    PROXMOX.close();
    DATABASE.close();
  }

  @Autowired ConsoleSessions sessions;
  @Autowired ServerRepository servers;
  @Autowired DatabaseClient db;

  @Test
  void aContainersSessionIsRedeemedOnceAndOnlyItsHashIsStored() {
    Server server = server(101, "lxc", "pve1");
    ConsoleSessions.Session session = sessions.open("7", server).block(Duration.ofSeconds(10));
    assertThat(session.console()).isEqualTo("xterm");
    assertThat(session.url()).isEqualTo("/ws/console/" + session.sessionId());
    assertThat(session.expiresAt()).isCloseTo(CLOCK.instant().plusSeconds(60), within(2, SECONDS));
    assertThat(session.vncPassword()).isNull();
    assertThat(storedHashes())
        .contains(io.pvepanel.security.Digests.sha256Hex(session.sessionId()));
    assertThat(storedHashes()).doesNotContain(session.sessionId());

    StepVerifier.create(sessions.redeem(session.sessionId(), OWNER))
        .assertNext(
            target -> {
              assertThat(target.serverId()).isEqualTo(server.id());
              assertThat(target.ownerId()).isEqualTo("7");
              assertThat(target.upstream().uri().toString()).contains("/lxc/101/vncwebsocket");
              assertThat(target.handshake()).isNotBlank();
            })
        .verifyComplete();
    StepVerifier.create(sessions.redeem(session.sessionId(), OWNER))
        .expectError(NotFoundException.class)
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aSessionNotRedeemedInTimeIsGoneAndAVmsWindowIsProxmoxsTenSeconds() {
    Server vm = server(200, "qemu", "pve1");
    ConsoleSessions.Session session = sessions.open("7", vm).block(Duration.ofSeconds(10));
    assertThat(session.console()).isEqualTo("novnc");
    assertThat(session.expiresAt()).isCloseTo(CLOCK.instant().plusSeconds(10), within(2, SECONDS));
    assertThat(session.vncPassword()).isNotBlank();

    CLOCK.advance(Duration.ofSeconds(11));
    StepVerifier.create(sessions.redeem(session.sessionId(), OWNER))
        .expectError(NotFoundException.class)
        .verify(Duration.ofSeconds(10));
    StepVerifier.create(sessions.redeem("x".repeat(101), OWNER))
        .expectError(NotFoundException.class)
        .verify(Duration.ofSeconds(10));
  }

  private Server server(int vmid, String type, String node) {
    Instant now = CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    Server s =
        new Server(
            UUID.randomUUID().toString(),
            "7",
            null,
            "local",
            node,
            vmid,
            type,
            "guest-" + vmid,
            null,
            null,
            ServerStatus.RUNNING,
            null,
            now,
            now);
    servers.insert(s).block(Duration.ofSeconds(10));
    return s;
  }

  private java.util.List<String> storedHashes() {
    return db.sql("SELECT token_hash FROM console_sessions")
        .map(r -> r.get("token_hash", String.class))
        .all()
        .collectList()
        .block(Duration.ofSeconds(10));
  }
}
