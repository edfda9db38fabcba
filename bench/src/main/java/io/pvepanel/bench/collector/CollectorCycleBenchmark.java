package io.pvepanel.bench.collector;

import io.pvepanel.collector.collection.SampleMapper;
import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.Topics;
import io.pvepanel.proxmox.client.ClusterResource;
import io.pvepanel.proxmox.client.ProxmoxCodec;
import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.guest.Cluster;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU side of one collection cycle of the metrics collector over one cluster: decode the {@code
 * /cluster/resources?type=vm} body through the client's own path ({@link
 * ProxmoxCodec#decodeClusterResources}), map every guest to its server's {@link MetricSample} with
 * the collector's {@link SampleMapper} (steady state: previous counters known, so rates are
 * computed), serialise each sample with {@link EventJson} and hand it to a Kafka producer.
 *
 * <p>The producer is Kafka's in-memory {@link MockProducer} (String serialisers, completes at once,
 * cleared every op): no network, no batching, no compression, no broker acks. The body is the
 * simulator's own rendering of {@code GuestSeed.generated(n)} (~90 % LXC, ~70 % running). History
 * inserts (a separate database round trip per 1000 rows) are not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CollectorCycleBenchmark {

  @Param({"10000", "100000"})
  public int guests;

  byte[] body;
  List<InventoryEntry> servers;
  SampleMapper mapper;
  MockProducer<String, String> producer;
  List<MetricSample> mapped;
  Instant now = Instant.parse("2026-03-10T13:20:05Z");

  @Setup(Level.Trial)
  public void generate() {
    Cluster cluster = new Cluster(Clock.fixed(now, ZoneOffset.UTC), GuestSeed.generated(guests));
    synchronized (cluster.lock()) {
      body = cluster.guestResourcesEnvelope();
    }
    List<ClusterResource> decoded = ProxmoxCodec.decodeClusterResources(body);
    if (decoded.size() != guests) {
      throw new IllegalStateException("decoded " + decoded.size());
    }
    servers = new ArrayList<>(guests);
    for (ClusterResource r : decoded) {
      servers.add(
          new InventoryEntry(
              "srv-" + r.vmid() + "-0000-0000-0000-000000000000",
              "user-" + (r.vmid() % 5000),
              "prod",
              r.node(),
              r.vmid(),
              r.type(),
              false));
    }
    mapper = new SampleMapper();
    // first sight primes the counters, so the measured cycles compute rates
    mapped = mapper.map(servers, decoded, now, SampleMapper.AgentDisks.NONE);
    producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    System.out.printf(
        "%n# %d guests: body %d bytes (%.2f MiB), sample JSON ~%d bytes%n",
        guests, body.length, body.length / 1048576.0, EventJson.write(mapped.get(0)).length());
  }

  /** Decode + map + serialise + send: everything a cycle does on the CPU for one cluster. */
  @Benchmark
  public int cycle() {
    List<ClusterResource> decoded = ProxmoxCodec.decodeClusterResources(body);
    List<MetricSample> samples = mapper.map(servers, decoded, now, SampleMapper.AgentDisks.NONE);
    producer.clear();
    for (MetricSample s : samples) {
      producer.send(new ProducerRecord<>(Topics.SERVER_METRICS, s.serverId(), EventJson.write(s)));
    }
    return producer.history().size();
  }

  /** Decode + map, without serialising or sending (breakdown). */
  @Benchmark
  public List<MetricSample> decodeAndMap() {
    return mapper.map(
        servers, ProxmoxCodec.decodeClusterResources(body), now, SampleMapper.AgentDisks.NONE);
  }

  /** EventJson serialisation alone (breakdown). */
  @Benchmark
  public long serializeOnly() {
    long bytes = 0;
    for (MetricSample s : mapped) {
      bytes += EventJson.write(s).length();
    }
    return bytes;
  }
}
