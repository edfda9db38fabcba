package io.pvepanel.collector.collection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.collector.history.HistoryRecorder;
import io.pvepanel.collector.inventory.Inventory;
import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.collector.status.StatusStore;
import io.pvepanel.events.MetricSample;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One collection cycle: per cluster that has inventory servers, one {@code /cluster/resources} call
 * (clusters in parallel, each bounded by {@code cluster-timeout}), one sample per server published
 * as soon as its cluster is done, then the whole cycle's history in batched inserts. Cycles never
 * overlap: a tick that finds the previous cycle still running is skipped and counted.
 */
@Component
public class CollectionCycle {

  private static final Logger log = LoggerFactory.getLogger(CollectionCycle.class);

  /** What a cycle did; {@code skipped} when the previous one was still running. */
  public record Report(
      boolean skipped,
      int samples,
      int ok,
      int noData,
      int unknown,
      Map<String, String> clusters,
      Duration took) {

    static Report skippedCycle() {
      return new Report(true, 0, 0, 0, 0, Map.of(), Duration.ZERO);
    }
  }

  private record ClusterResult(String cluster, String outcome, List<MetricSample> samples) {}

  private final AtomicBoolean running = new AtomicBoolean();
  private final Inventory inventory;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final SampleMapper mapper = new SampleMapper();
  private final AgentDiskCache agentDisks;
  private final SamplePublisher publisher;
  private final StatusStore status;
  private final HistoryRecorder history;
  private final CollectorProperties props;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Counter skipped;
  private final Timer duration;

  CollectionCycle(
      Inventory inventory,
      ObjectProvider<ProxmoxClusters> clusters,
      AgentDiskCache agentDisks,
      SamplePublisher publisher,
      StatusStore status,
      HistoryRecorder history,
      CollectorProperties props,
      Clock clock,
      MeterRegistry meters) {
    this.inventory = inventory;
    this.clusters = clusters;
    this.agentDisks = agentDisks;
    this.publisher = publisher;
    this.status = status;
    this.history = history;
    this.props = props;
    this.clock = clock;
    this.meters = meters;
    this.skipped = meters.counter("collector.cycles.skipped");
    this.duration = meters.timer("collector.cycle.duration");
  }

  /** Runs one cycle, or reports it skipped if one is still running. Never fails. */
  public Mono<Report> run() {
    return Mono.defer(
        () -> {
          if (!running.compareAndSet(false, true)) {
            tickSkipped();
            return Mono.just(Report.skippedCycle());
          }
          Instant now = clock.instant();
          long startNanos = System.nanoTime();
          Map<String, List<InventoryEntry>> byCluster = inventory.byCluster();
          return Flux.fromIterable(byCluster.entrySet())
              .flatMap(e -> collect(e.getKey(), e.getValue(), now), Math.max(1, byCluster.size()))
              .collectList()
              .flatMap(results -> finish(results, now, startNanos))
              .doFinally(signal -> running.set(false));
        });
  }

  /** Counts and reports a tick that found the previous cycle still running. */
  void tickSkipped() {
    skipped.increment();
    log.warn("Collection cycle still running at the next tick; tick skipped");
  }

  private Mono<ClusterResult> collect(String cluster, List<InventoryEntry> servers, Instant now) {
    ProxmoxClient client = client(cluster);
    Mono<ClusterResult> polled =
        client == null
            ? Mono.error(new NoSuchElementException("no proxmox cluster named '" + cluster + "'"))
            : client
                .clusterResources()
                .timeout(props.clusterTimeout())
                // mapping 100k guests is CPU work: off the HTTP event loop
                .publishOn(Schedulers.parallel())
                .map(
                    guests -> {
                      List<MetricSample> samples =
                          mapper.map(servers, guests, now, agentDisks::get);
                      agentDisks.refreshDue(client, servers, samples, now);
                      return new ClusterResult(cluster, "ok", samples);
                    });
    return polled
        .onErrorResume(
            err -> {
              String outcome = outcome(err);
              log.warn(
                  "Cluster {} not collected ({}): {} servers get no-data samples: {}",
                  cluster,
                  outcome,
                  servers.size(),
                  err.toString());
              return Mono.fromCallable(
                  () -> new ClusterResult(cluster, outcome, mapper.noData(servers, now)));
            })
        .doOnNext(
            r -> {
              meters
                  .counter("collector.cluster.polls", "cluster", cluster, "outcome", r.outcome())
                  .increment();
              status.update(r.samples());
            })
        .flatMap(r -> publisher.publish(r.samples()).thenReturn(r));
  }

  private Mono<Report> finish(List<ClusterResult> results, Instant now, long startNanos) {
    List<MetricSample> all = new ArrayList<>();
    Map<String, String> outcomes = new HashMap<>();
    int ok = 0;
    int noData = 0;
    int unknown = 0;
    for (ClusterResult r : results) {
      outcomes.put(r.cluster(), r.outcome());
      for (MetricSample s : r.samples()) {
        all.add(s);
        switch (s.dataState()) {
          case MetricSample.DATA_OK -> ok++;
          case MetricSample.DATA_NO_DATA -> noData++;
          default -> unknown++;
        }
      }
    }
    Set<String> ids = new HashSet<>(all.size() * 4 / 3 + 1);
    for (MetricSample s : all) {
      ids.add(s.serverId());
    }
    mapper.retainOnly(ids);
    agentDisks.retainOnly(ids);
    status.retainOnly(ids);
    int okCount = ok;
    int noDataCount = noData;
    int unknownCount = unknown;
    return history
        .record(now, all)
        .onErrorResume(
            err -> {
              log.warn("History of the cycle at {} not stored: {}", now, err.toString());
              return Mono.empty();
            })
        .then(
            Mono.fromCallable(
                () -> {
                  Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                  duration.record(took);
                  return new Report(
                      false,
                      all.size(),
                      okCount,
                      noDataCount,
                      unknownCount,
                      Map.copyOf(outcomes),
                      took);
                }));
  }

  private ProxmoxClient client(String cluster) {
    ProxmoxClusters registry = clusters.getIfAvailable();
    if (registry == null || !registry.names().contains(cluster)) {
      return null;
    }
    return registry.client(cluster);
  }

  private static String outcome(Throwable err) {
    if (err instanceof TimeoutException) {
      return "timeout";
    }
    if (err instanceof NoSuchElementException) {
      return "unconfigured";
    }
    if (err instanceof io.pvepanel.proxmox.client.ProxmoxClusterUnavailableException) {
      return "unavailable";
    }
    return "error";
  }
}
