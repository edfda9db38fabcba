package io.pvepanel.collector;

import static org.awaitility.Awaitility.await;

import io.pvepanel.collector.collection.CollectionCycle;
import io.pvepanel.collector.inventory.Inventory;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import io.pvepanel.testsupport.TestDatabase;
import io.pvepanel.testsupport.TestProxmox;
import io.pvepanel.testsupport.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collector on real parts: its own MariaDB database, an in-process KRaft broker, HS256 test
 * tokens and two simulators: {@code local} (demo guests, clock frozen so expected values are
 * stable; tests move it) and {@code big} (10,000 generated guests). Cycles are driven by the tests.
 * Subclasses share one cached application context.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pvepanel.collector.scheduling-enabled=false",
      "pvepanel.collector.cluster-timeout=2s",
      "pvepanel.collector.agent-disk-refresh=10s"
    })
@AutoConfigureWebTestClient
@EmbeddedKafka(
    partitions = 3,
    topics = {Topics.SERVER_INVENTORY, Topics.SERVER_EVENTS, Topics.SERVER_METRICS},
    bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(PublishedSamples.class)
public abstract class CollectorIntegrationTest {

  protected static final TestDatabase DATABASE = TestDatabase.shared("collector");
  protected static final Duration BOUND = Duration.ofSeconds(20);

  /** Frozen at a tick boundary + 5 s, so that a 10 s advance always moves exactly one tick. */
  protected static final ProxmoxSimulator PROXMOX =
      ProxmoxSimulator.start(
          SimulatorConfig.builder()
              .port(0)
              .https(false)
              .unauthorizedDelay(Duration.ZERO)
              .taskDuration(Duration.ZERO)
              .clock(
                  Clock.fixed(
                      Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60 + 5),
                      ZoneOffset.UTC))
              .seed(GuestSeed.demo())
              .build());

  protected static final ProxmoxSimulator BIG =
      ProxmoxSimulator.start(
          SimulatorConfig.builder()
              .port(0)
              .https(false)
              .ssh(false)
              .unauthorizedDelay(Duration.ZERO)
              .seed(GuestSeed.generated(10_000))
              .build());

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    DATABASE.registerSpringProperties(registry);
    TestTokens.registerSpringProperties(registry);
    TestProxmox.registerSpringProperties(PROXMOX, registry);
    // an outage test must see the breaker close again within the test's bound
    registry.add("proxmox.clusters[0].circuit-breaker.open-duration", () -> "500ms");
    registry.add("proxmox.clusters[0].max-retries", () -> "0");
    registry.add("proxmox.clusters[1].name", () -> "big");
    registry.add("proxmox.clusters[1].base-url", BIG::baseUrl);
    registry.add("proxmox.clusters[1].allow-insecure-http", () -> "true");
    registry.add("proxmox.clusters[1].api-token", () -> BIG.tokenId() + "=" + BIG.tokenSecret());
  }

  @Autowired protected KafkaTemplate<String, String> kafka;
  @Autowired protected Inventory inventory;
  @Autowired protected CollectionCycle cycle;
  @Autowired protected PublishedSamples published;
  @Autowired KafkaListenerEndpointRegistry listeners;

  private static volatile boolean assigned;

  @BeforeEach
  void listenersAssigned() {
    // server.events is read from "latest": an event sent before assignment would be missed
    if (!assigned) {
      for (MessageListenerContainer c : listeners.getListenerContainers()) {
        ContainerTestUtils.waitForAssignment(c, 3);
      }
      assigned = true;
    }
  }

  protected static String newServerId() {
    return "srv-" + UUID.randomUUID();
  }

  /** Publishes an inventory record and waits until the collector knows it. */
  protected void addServer(
      String serverId, String owner, int vmid, String type, boolean diskFromAgent) {
    addServer(serverId, owner, TestProxmox.CLUSTER, nodeOf(vmid), vmid, type, diskFromAgent);
    await().atMost(BOUND).until(() -> inventory.contains(serverId));
  }

  protected void addServer(
      String serverId,
      String owner,
      String cluster,
      String node,
      int vmid,
      String type,
      boolean diskFromAgent) {
    kafka.send(
        Topics.SERVER_INVENTORY,
        serverId,
        EventJson.write(
            inventoryRecord(serverId, owner, cluster, node, vmid, type, diskFromAgent)));
  }

  /** The control service's record of a server, as it publishes it on {@code server.inventory}. */
  public static ServerInventoryRecord inventoryRecord(
      String serverId,
      String owner,
      String cluster,
      String node,
      int vmid,
      String type,
      boolean diskFromAgent) {
    return new ServerInventoryRecord(
        UUID.randomUUID(),
        ServerInventoryRecord.TYPE,
        ServerInventoryRecord.VERSION,
        Instant.now(),
        serverId,
        owner,
        owner + "@example.test",
        "srv" + vmid,
        cluster,
        node,
        vmid,
        type,
        diskFromAgent);
  }

  protected void removeServer(String serverId) {
    kafka.send(Topics.SERVER_INVENTORY, serverId, null);
  }

  private static String nodeOf(int vmid) {
    return PROXMOX.guest(vmid) == null ? "pve1" : PROXMOX.guest(vmid).node();
  }

  /** Runs one cycle to completion. */
  protected CollectionCycle.Report runCycle() {
    return cycle.run().block(BOUND);
  }

  /** The sample of {@code serverId} published by the cycle that started at or after {@code at}. */
  protected MetricSample publishedSince(String serverId, Instant at) {
    return await()
        .atMost(BOUND)
        .until(() -> published.latest(serverId), s -> s != null && !s.occurredAt().isBefore(at));
  }
}
