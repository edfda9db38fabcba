package io.pvepanel.bench;

import io.pvepanel.proxmox.client.ClusterResource;
import io.pvepanel.proxmox.client.ProxmoxCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Decoding a {@code GET /cluster/resources?type=vm} body into the client's records, through the
 * client's own path ({@link ProxmoxCodec#decodeClusterResources}, the same code {@code
 * ProxmoxClient.clusterResources()} runs on the bytes it received).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ClusterResourcesDecodeBenchmark {

  @Param({"10000", "100000"})
  public int guests;

  byte[] body;

  @Setup(Level.Trial)
  public void generate() {
    body = ResourcesJson.generate(guests, 42L).getBytes(StandardCharsets.UTF_8);
    System.out.printf(
        "%n# %d guests: body %d bytes (%.2f MiB)%n", guests, body.length, body.length / 1048576.0);
    List<ClusterResource> check = ProxmoxCodec.decodeClusterResources(body);
    if (check.size() != guests) {
      throw new IllegalStateException("generator/decoder mismatch: " + check.size());
    }
  }

  @Benchmark
  public List<ClusterResource> decode() {
    return ProxmoxCodec.decodeClusterResources(body);
  }

  /** Deterministic, realistic bodies: PVE 9 field set, mixed LXC/QEMU, some stopped/unknown. */
  static final class ResourcesJson {
    private static final String[] NODES = {"pve1", "pve2", "pve3", "pve4", "pve5", "pve6"};
    private static final String[] QMP = {"running", "running", "running", "paused", "stopped"};

    private ResourcesJson() {}

    static String generate(int count, long seed) {
      Random rnd = new Random(seed);
      StringBuilder sb = new StringBuilder(count * 420).append("{\"data\":[");
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          sb.append(',');
        }
        int vmid = 100 + i;
        boolean lxc = rnd.nextInt(10) < 7;
        String type = lxc ? "lxc" : "qemu";
        String node = NODES[rnd.nextInt(NODES.length)];
        int roll = rnd.nextInt(100);
        if (roll < 1) {
          // No pvestatd sample yet: only the identifying fields.
          sb.append("{\"id\":\"")
              .append(type)
              .append('/')
              .append(vmid)
              .append("\",\"type\":\"")
              .append(type)
              .append("\",\"vmid\":")
              .append(vmid)
              .append(",\"node\":\"")
              .append(node)
              .append("\",\"status\":\"unknown\"}");
          continue;
        }
        String status = lxc ? (roll < 80 ? "running" : "stopped") : QMP[rnd.nextInt(QMP.length)];
        boolean up = !status.equals("stopped");
        int cores = 1 << rnd.nextInt(4);
        long maxmem = (512L << rnd.nextInt(6)) * 1048576L;
        long maxdisk = (8L << rnd.nextInt(5)) * 1073741824L;
        sb.append("{\"id\":\"")
            .append(type)
            .append('/')
            .append(vmid)
            .append("\",\"type\":\"")
            .append(type)
            .append("\",\"vmid\":")
            .append(vmid)
            .append(",\"node\":\"")
            .append(node)
            .append("\",\"name\":\"")
            .append(lxc ? "ct" : "vm")
            .append(vmid)
            .append(".cust")
            .append(rnd.nextInt(5000))
            .append(".example.com")
            .append("\",\"status\":\"")
            .append(status)
            .append("\",\"template\":0")
            .append(",\"uptime\":")
            .append(up ? rnd.nextInt(10_000_000) : 0)
            .append(",\"maxcpu\":")
            .append(cores)
            .append(",\"cpu\":")
            .append(up ? rnd.nextDouble() * 0.9 : 0)
            .append(",\"maxmem\":")
            .append(maxmem)
            .append(",\"mem\":")
            .append(up ? (long) (maxmem * rnd.nextDouble()) : 0)
            .append(",\"memhost\":")
            .append(!lxc && up ? (long) (maxmem * rnd.nextDouble()) : 0)
            .append(",\"maxdisk\":")
            .append(maxdisk)
            .append(",\"disk\":")
            .append(lxc && up ? (long) (maxdisk * rnd.nextDouble()) : 0)
            .append(",\"netin\":")
            .append(up ? rnd.nextLong(1L << 40) : 0)
            .append(",\"netout\":")
            .append(up ? rnd.nextLong(1L << 40) : 0)
            .append(",\"diskread\":")
            .append(up ? rnd.nextLong(1L << 40) : 0)
            .append(",\"diskwrite\":")
            .append(up ? rnd.nextLong(1L << 40) : 0);
        if (rnd.nextInt(3) == 0) {
          sb.append(",\"tags\":\"cust-").append(rnd.nextInt(5000)).append(";plan-s\"");
        }
        if (rnd.nextInt(4) == 0) {
          sb.append(",\"pool\":\"customers\"");
        }
        if (rnd.nextInt(50) == 0) {
          sb.append(",\"lock\":\"backup\"");
        }
        sb.append('}');
      }
      return sb.append("]}").toString();
    }
  }
}
