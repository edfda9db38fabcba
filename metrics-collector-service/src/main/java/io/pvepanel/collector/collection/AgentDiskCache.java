package io.pvepanel.collector.collection;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.events.MetricSample;
import io.pvepanel.proxmox.client.FsInfo;
import io.pvepanel.proxmox.client.ProxmoxClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * QEMU disk usage from the guest agent, for servers whose inventory record asks for it. This is the
 * one per-guest call the collector makes, so it is refreshed far less often than the cycle ({@code
 * agent-disk-refresh}), off the cycle's path, with bounded concurrency; the cycle only reads the
 * cache. A value older than twice the refresh period is not used: no stale disk dressed as fresh.
 */
@Component
class AgentDiskCache implements SampleMapper.AgentDisks {

  private static final Logger log = LoggerFactory.getLogger(AgentDiskCache.class);

  private record Value(SampleMapper.AgentDisk disk, Instant at) {}

  private final Map<String, Value> values = new ConcurrentHashMap<>();
  private final Map<String, Instant> attempted = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration refresh;
  private final Duration timeout;
  private final int concurrency;

  AgentDiskCache(CollectorProperties props, Clock clock) {
    this.clock = clock;
    this.refresh = props.agentDiskRefresh();
    this.timeout = props.clusterTimeout();
    this.concurrency = props.agentConcurrency();
  }

  @Override
  public SampleMapper.AgentDisk get(String serverId) {
    Value v = values.get(serverId);
    if (v == null || v.at().plus(refresh.multipliedBy(2)).isBefore(clock.instant())) {
      return null;
    }
    return v.disk();
  }

  /** Starts agent reads for running agent-disk QEMU servers whose value is due; returns at once. */
  void refreshDue(
      ProxmoxClient client, List<InventoryEntry> servers, List<MetricSample> samples, Instant now) {
    List<InventoryEntry> due = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      InventoryEntry e = servers.get(i);
      if (!e.isQemu()) {
        continue;
      }
      if (!e.diskFromAgent() || !"running".equals(samples.get(i).status())) {
        values.remove(e.serverId());
        attempted.remove(e.serverId());
        continue;
      }
      Instant last = attempted.get(e.serverId());
      if (last == null || !now.isBefore(last.plus(refresh))) {
        attempted.put(e.serverId(), now);
        due.add(e);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    Flux.fromIterable(due)
        .flatMap(e -> read(client, e), concurrency)
        .subscribe(null, err -> log.warn("Guest-agent disk refresh failed: {}", err.toString()));
  }

  private Mono<Void> read(ProxmoxClient client, InventoryEntry e) {
    return client
        .agentFsInfo(e.ref())
        .timeout(timeout)
        .doOnNext(
            fs -> {
              SampleMapper.AgentDisk disk = sum(fs);
              if (disk == null) {
                values.remove(e.serverId());
              } else {
                values.put(e.serverId(), new Value(disk, clock.instant()));
              }
            })
        .onErrorResume(
            err -> {
              // agent not running, not installed: no disk figure rather than an old one
              values.remove(e.serverId());
              log.debug("Guest agent of {} unreadable: {}", e.serverId(), err.toString());
              return Mono.empty();
            })
        .then();
  }

  /** Sum over distinct devices that report a size (a device mounted twice counts once). */
  static SampleMapper.AgentDisk sum(List<FsInfo> filesystems) {
    Set<String> seen = new HashSet<>();
    long used = 0;
    long total = 0;
    for (FsInfo fs : filesystems) {
      if (fs.totalBytes() == null || fs.totalBytes() <= 0 || fs.usedBytes() == null) {
        continue;
      }
      if (fs.name() != null && !seen.add(fs.name())) {
        continue;
      }
      used += fs.usedBytes();
      total += fs.totalBytes();
    }
    return total > 0 ? new SampleMapper.AgentDisk(used, total) : null;
  }

  void retainOnly(Set<String> serverIds) {
    values.keySet().retainAll(serverIds);
    attempted.keySet().retainAll(serverIds);
  }
}
