package io.pvepanel.collector.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pvepanel.collector.CollectorIntegrationTest;
import io.pvepanel.collector.MetricsCollectorApplication;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.testsupport.TestDatabase;
import io.pvepanel.testsupport.TestKafkaBroker;
import io.pvepanel.testsupport.TestProxmox;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two collector instances on one database, one broker and one Proxmox: one polls, the other stands
 * by and answers status from the published samples; a holder that hangs loses the lease after its
 * TTL, and one that stops cleanly hands it over at once.
 */
class CollectorFailoverIntegrationTests {

  private static final Duration CYCLE = Duration.ofSeconds(1);
  private static final Duration LEASE_TTL = Duration.ofSeconds(5);
  private static final Duration BOUND = Duration.ofSeconds(30);

  private static TestDatabase database;
  private static TestKafkaBroker kafka;
  private static ProxmoxSimulator proxmox;
  private static final List<ConfigurableApplicationContext> started = new ArrayList<>();

  @BeforeAll
  static void infrastructure() {
    database = TestDatabase.create("collector_failover");
    kafka =
        TestKafkaBroker.start(Topics.SERVER_INVENTORY, Topics.SERVER_EVENTS, Topics.SERVER_METRICS);
    proxmox = TestProxmox.start(Duration.ZERO);
  }

  @AfterAll
  static void stopAll() {
    started.forEach(ConfigurableApplicationContext::close);
    proxmox.close();
    kafka.close();
    database.close();
  }

  @Test
  void oneInstancePollsTheOtherStandsByAndTakesOverWhenTheFirstHangsOrStops() {
    ConfigurableApplicationContext a = startCollector();
    await().atMost(BOUND).until(() -> lease(a).held());
    ConfigurableApplicationContext b = startCollector();
    String serverId = "srv-" + UUID.randomUUID();
    publishInventory(serverId, "901", 101, "pve1");

    // both answer the status: the holder from its own cycle, the standby from the topic
    for (ConfigurableApplicationContext instance : List.of(a, b)) {
      await().atMost(BOUND).until(() -> status(instance, serverId, "901") == 200);
    }
    assertThat(lease(a).held()).isTrue();
    assertThat(lease(b).held()).isFalse();

    // one poll per cycle, not one per instance: six polls span at least five cycles
    proxmox.resetCounters();
    long from = System.nanoTime();
    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> proxmox.requestCount("GET", "/cluster/resources") >= 6);
    assertThat(Duration.ofNanos(System.nanoTime() - from))
        .isGreaterThanOrEqualTo(CYCLE.multipliedBy(4));

    // the holder hangs (stops ticking, keeps the lease): the standby takes over after the TTL
    a.getBean(CycleScheduler.class).stop();
    await().atMost(LEASE_TTL.plus(BOUND)).until(() -> lease(b).held());
    long before = proxmox.requestCount("GET", "/cluster/resources");
    await()
        .atMost(BOUND)
        .until(() -> proxmox.requestCount("GET", "/cluster/resources") > before + 2);

    // the first comes back as a standby, then the holder stops cleanly: handed over at once
    a.getBean(CycleScheduler.class).start();
    await().during(CYCLE.multipliedBy(4)).atMost(BOUND).until(() -> !lease(a).held());
    long stoppedAt = System.nanoTime();
    b.close();
    await().atMost(BOUND).until(() -> lease(a).held());
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(LEASE_TTL);
  }

  private static PollerLease lease(ConfigurableApplicationContext instance) {
    return instance.getBean(PollerLease.class);
  }

  private static int status(
      ConfigurableApplicationContext instance, String serverId, String owner) {
    int port = Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .build()
        .get()
        .uri("/api/server/{id}/status", serverId)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(owner))
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  private static ConfigurableApplicationContext startCollector() {
    Map<String, Object> props = new HashMap<>();
    DynamicPropertyRegistry registry = (name, value) -> props.put(name, value.get());
    database.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    TestProxmox.registerSpringProperties(proxmox, registry);
    props.put("server.port", "0");
    props.put("management.server.port", "0");
    props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    props.put("pvepanel.collector.cycle", CYCLE.toMillis() + "ms");
    props.put("pvepanel.collector.cluster-timeout", "800ms");
    props.put("pvepanel.collector.lease-ttl", LEASE_TTL.toSeconds() + "s");
    props.put("management.endpoints.web.exposure.include", "health");
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(MetricsCollectorApplication.class, OwnNettyResources.class)
            .run(args);
    started.add(context);
    return context;
  }

  private static void publishInventory(String serverId, String owner, int vmid, String node) {
    ServerInventoryRecord record =
        CollectorIntegrationTest.inventoryRecord(
            serverId, owner, TestProxmox.CLUSTER, node, vmid, "lxc", false);
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.send(
          new ProducerRecord<>(Topics.SERVER_INVENTORY, serverId, EventJson.write(record)));
      producer.flush();
    }
  }

  /**
   * Each instance's server gets Reactor Netty resources of its own: stopping a context disposes the
   * resources of its factory, and the global ones are still in use by the other test classes'
   * cached contexts in this JVM.
   */
  @Configuration(proxyBeanMethods = false)
  static class OwnNettyResources {
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
      ReactorResourceFactory factory = new ReactorResourceFactory();
      factory.setUseGlobalResources(false);
      return factory;
    }
  }
}
