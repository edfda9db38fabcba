package io.pvepanel.control;

import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/** Records a server of the simulator's demo cluster as owned by a user, as create would. */
public final class TestServers {

  /** The template every test creates from: the simulator has it on its {@code local} storage. */
  public static final io.pvepanel.control.catalog.Template DEBIAN =
      new io.pvepanel.control.catalog.Template(
          "debian-12",
          "Debian 12",
          "debian",
          "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
          true);

  /** Offers {@code plan} and {@link #DEBIAN} in the catalog. */
  public static void offer(
      io.pvepanel.control.catalog.CatalogRepository catalog,
      io.pvepanel.control.catalog.Plan plan) {
    catalog.save(plan).then(catalog.save(DEBIAN)).block(Duration.ofSeconds(5));
  }

  /**
   * Puts a simulator guest into a known power state first: tests share one simulator, and an
   * earlier test may have started or stopped the guest.
   */
  public static void ensure(
      io.pvepanel.proxmox.client.ProxmoxClusters clusters,
      io.pvepanel.proxmox.client.GuestRef ref,
      boolean running) {
    var client = clusters.client("local");
    boolean isRunning = "running".equals(client.status(ref).block(Duration.ofSeconds(10)).status());
    if (isRunning != running) {
      var upid = (running ? client.start(ref) : client.stop(ref)).block(Duration.ofSeconds(10));
      client.awaitTask(upid, Duration.ofSeconds(10)).block(Duration.ofSeconds(15));
    }
  }

  private TestServers() {}

  /**
   * The simulator's guests are shared by all tests of a run, so an earlier test's record of the
   * same guest is replaced.
   */
  public static String insert(
      ServerRepository servers, String owner, int vmid, String node, String status) {
    servers
        .findAll()
        .filter(s -> s.vmid() == vmid && s.cluster().equals("local"))
        .concatMap(s -> servers.delete(s.id()))
        .blockLast(Duration.ofSeconds(10));
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String type = vmid >= 200 ? "qemu" : "lxc";
    servers
        .insert(
            new Server(
                id,
                owner,
                owner + "@example.test",
                "local",
                node,
                vmid,
                type,
                "guest-" + vmid,
                "small",
                "debian-12",
                io.pvepanel.control.server.ServerStatus.fromWire(status),
                null,
                now,
                now))
        .block(Duration.ofSeconds(10));
    return id;
  }

  /** The vmid of the simulator's guest named {@code name}. */
  public static int vmidOf(io.pvepanel.proxmox.simulator.ProxmoxSimulator proxmox, String name) {
    return proxmox.guests().stream()
        .filter(g -> name.equals(g.name()))
        .findFirst()
        .orElseThrow()
        .vmid();
  }

  /**
   * The records of {@code serverId} on {@code server.inventory}, oldest first, tombstones (null
   * values) included: read from the beginning by a consumer group of its own.
   */
  public static List<ConsumerRecord<String, String>> inventoryRecords(
      EmbeddedKafkaBroker broker, String serverId) {
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.getBrokersAsString(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "inv-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    try (var consumer = new KafkaConsumer<String, String>(config)) {
      consumer.subscribe(List.of(Topics.SERVER_INVENTORY));
      for (int i = 0; i < 8; i++) {
        for (var r : consumer.poll(Duration.ofMillis(250))) {
          if (serverId.equals(r.key())) {
            found.add(r);
          }
        }
      }
    }
    return found;
  }
}
