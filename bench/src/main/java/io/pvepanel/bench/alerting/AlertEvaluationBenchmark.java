package io.pvepanel.bench.alerting;

import io.pvepanel.alerting.evaluation.AlertEngine;
import io.pvepanel.alerting.evaluation.AlertRule;
import io.pvepanel.alerting.evaluation.Metric;
import io.pvepanel.alerting.evaluation.Operator;
import io.pvepanel.alerting.evaluation.RuleIndex;
import io.pvepanel.alerting.evaluation.Scope;
import io.pvepanel.events.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Alert rule evaluation throughput (alerting-service's pure core): one operation is one sample
 * applied to every rule that applies to its server (rule index lookup, state machine, in-memory
 * state table), including building the sample object as the Kafka listener's JSON parsing would.
 *
 * <p>1,000 rules: the 3 seeded global defaults, 497 per-user rules over 250 users and 500
 * per-server rules; 5,000 servers, so a sample meets 3 global + about 2 user rules and one in ten
 * samples also a server rule. Samples arrive cycle by cycle (10 s apart); one server in twenty runs
 * hot all the time (its alerts go pending, fire after 5 minutes of sample time and repeat hourly),
 * the others have random 10 % spikes (pending, then back to inactive). Goal: at least 500,000
 * samples/s on one core.
 *
 * <pre>java -jar bench/target/benchmarks.jar 'alerting' -f 1 -wi 2 -i 3 -t 1</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class AlertEvaluationBenchmark {

  @Param({"1000"})
  int rules;

  @Param({"5000"})
  int servers;

  private static final int USERS = 250;
  private static final long BASE = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

  private AlertEngine engine;
  private String[] serverIds;
  private String[] ownerIds;
  private UUID eventId;
  private double[] cpu;
  private long n;

  @Setup
  public void setUp() {
    List<AlertRule> all = new ArrayList<>();
    all.add(rule("1", Metric.CPU, 90, Scope.GLOBAL, null, null));
    all.add(rule("2", Metric.MEMORY, 90, Scope.GLOBAL, null, null));
    all.add(rule("3", Metric.DISK, 90, Scope.GLOBAL, null, null));
    int userRules = (rules - 3) / 2;
    for (int i = 0; i < userRules; i++) {
      all.add(
          rule(
              "u" + i,
              i % 2 == 0 ? Metric.CPU : Metric.NET_OUT,
              i % 2 == 0 ? 80 : 5_000_000,
              Scope.USER,
              "user-" + (i % USERS),
              null));
    }
    // one server in ten has its own rule
    for (int i = 0; all.size() < rules; i++) {
      all.add(rule("s" + i, Metric.CPU, 95, Scope.SERVER, owner(i * 10), "srv-" + (i * 10)));
    }
    engine = new AlertEngine(RuleIndex.of(all));
    serverIds = new String[servers];
    ownerIds = new String[servers];
    for (int i = 0; i < servers; i++) {
      serverIds[i] = "srv-" + i;
      ownerIds[i] = owner(i);
    }
    SplittableRandom random = new SplittableRandom(42);
    cpu = new double[1 << 14];
    for (int i = 0; i < cpu.length; i++) {
      cpu[i] = random.nextInt(100) < 10 ? 90 + random.nextDouble() * 10 : random.nextDouble() * 80;
    }
    eventId = UUID.randomUUID();
    n = 0;
  }

  private static String owner(int server) {
    return "user-" + (server % USERS);
  }

  private static AlertRule rule(
      String id, Metric metric, double threshold, Scope scope, String owner, String server) {
    return new AlertRule(
        id,
        id,
        metric,
        Operator.GT,
        threshold,
        300_000,
        3_600_000,
        true,
        null,
        scope,
        owner,
        server);
  }

  @Benchmark
  public int evaluateSample(Blackhole bh) {
    long i = n++;
    int server = (int) (i % servers);
    long cycle = i / servers;
    MetricSample sample =
        new MetricSample(
            eventId,
            MetricSample.TYPE,
            1,
            Instant.ofEpochSecond(BASE + cycle * 10),
            serverIds[server],
            ownerIds[server],
            MetricSample.DATA_OK,
            "running",
            server % 20 == 0 ? 97.0 : cpu[(int) ((i * 31 + cycle) & (cpu.length - 1))],
            512L << 20,
            1L << 30,
            50.0,
            10L << 30,
            20L << 30,
            50.0,
            1000.0,
            2000.0,
            cycle * 10);
    return engine.accept(sample, bh::consume);
  }
}
