package io.pvepanel.collector.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.pvepanel.collector.CollectorIntegrationTest;
import io.pvepanel.events.MetricSample;
import io.pvepanel.proxmox.client.ClusterResource;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.simulator.fault.Faults;
import io.pvepanel.testsupport.TestProxmox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

class CollectionIntegrationTests extends CollectorIntegrationTest {

  private static final String RESOURCES = "/cluster/resources";

  @Autowired ProxmoxClusters clusters;

  private Map<Integer, ClusterResource> resources() {
    return clusters.client(TestProxmox.CLUSTER).clusterResources().block(BOUND).stream()
        .collect(Collectors.toMap(ClusterResource::vmid, Function.identity()));
  }

  @Test
  void publishesOneNormalisedSamplePerInventoryServer() {
    String web = newServerId();
    String stopped = newServerId();
    String vmNoAgentDisk = newServerId();
    String vmAgentDisk = newServerId();
    String vmStoppedNoAgent = newServerId();
    addServer(web, "u1", 101, "lxc", false);
    addServer(stopped, "u1", 102, "lxc", false);
    addServer(vmNoAgentDisk, "u1", 200, "qemu", false);
    addServer(vmAgentDisk, "u1", 200, "qemu", true);
    addServer(vmStoppedNoAgent, "u1", 201, "qemu", true);

    Instant start = Instant.now().minusMillis(1);
    runCycle();
    Map<Integer, ClusterResource> pve = resources();

    MetricSample s = publishedSince(web, start);
    ClusterResource r = pve.get(101);
    assertThat(s.dataState()).isEqualTo("ok");
    assertThat(s.status()).isEqualTo("running");
    assertThat(s.ownerId()).isEqualTo("u1");
    assertThat(s.cpuPercent()).isCloseTo(r.cpu() * 100, within(1e-9));
    assertThat(s.memoryUsedBytes()).isEqualTo(r.mem());
    assertThat(s.memoryTotalBytes()).isEqualTo(r.maxmem());
    assertThat(s.memoryPercent()).isCloseTo(r.mem() * 100.0 / r.maxmem(), within(1e-9));
    assertThat(s.diskUsedBytes()).isEqualTo(r.disk()).isPositive();
    assertThat(s.diskTotalBytes()).isEqualTo(r.maxdisk());
    assertThat(s.diskPercent()).isCloseTo(r.disk() * 100.0 / r.maxdisk(), within(1e-9));
    assertThat(s.uptimeSeconds()).isEqualTo(r.uptime());
    // first sight: no previous counters, so no rate
    assertThat(s.netInBytesPerSecond()).isNull();
    assertThat(s.netOutBytesPerSecond()).isNull();

    MetricSample off = publishedSince(stopped, start);
    assertThat(off.dataState()).isEqualTo("ok");
    assertThat(off.status()).isEqualTo("stopped");
    assertThat(off.cpuPercent()).isZero();
    assertThat(off.memoryUsedBytes()).isZero();
    assertThat(off.uptimeSeconds()).isZero();
    assertThat(off.diskUsedBytes()).isNull();

    MetricSample vm = publishedSince(vmNoAgentDisk, start);
    assertThat(vm.status()).isEqualTo("running");
    assertThat(vm.cpuPercent()).isCloseTo(pve.get(200).cpu() * 100, within(1e-9));
    // Proxmox reports 0 for QEMU disk: that is not a usage
    assertThat(vm.diskUsedBytes()).isNull();
    assertThat(vm.diskPercent()).isNull();
    assertThat(vm.diskTotalBytes()).isEqualTo(pve.get(200).maxdisk());
    assertThat(publishedSince(vmStoppedNoAgent, start).diskUsedBytes()).isNull();

    // the guest-agent read is started by the cycle and used by a later one
    Instant agentAt = Instant.now();
    MetricSample withAgent =
        await()
            .atMost(BOUND)
            .until(
                () -> {
                  runCycle();
                  return published.latest(vmAgentDisk);
                },
                x -> x.occurredAt().isAfter(agentAt) && x.diskUsedBytes() != null);
    assertThat(withAgent.diskPercent()).isBetween(1.0, 100.0);
    assertThat(withAgent.diskUsedBytes()).isLessThan(withAgent.diskTotalBytes());

    // one pvestatd tick later: rates from the counter deltas over the 10 s between samples
    PROXMOX.advanceClock(Duration.ofSeconds(10));
    Instant second = Instant.now();
    runCycle();
    Map<Integer, ClusterResource> later = resources();
    MetricSample next = publishedSince(web, second);
    assertThat(next.netInBytesPerSecond())
        .isCloseTo((later.get(101).netin() - r.netin()) / 10.0, within(1e-6))
        .isPositive();
    assertThat(next.netOutBytesPerSecond())
        .isCloseTo((later.get(101).netout() - r.netout()) / 10.0, within(1e-6));
    assertThat(publishedSince(stopped, second).netInBytesPerSecond()).isZero();
  }

  @Test
  void guestDeletedInProxmoxGivesAnUnknownSample() {
    String doomed = newServerId();
    addServer(doomed, "u2", 105, "lxc", false);
    Instant before = Instant.now();
    runCycle();
    assertThat(publishedSince(doomed, before).dataState()).isEqualTo("ok");

    var client = clusters.client(TestProxmox.CLUSTER);
    client.awaitTask(client.delete(GuestRef.lxc("pve2", 105)).block(BOUND), BOUND).block(BOUND);

    Instant after = Instant.now();
    runCycle();
    MetricSample gone = publishedSince(doomed, after);
    assertThat(gone.dataState()).isEqualTo("unknown");
    assertThat(gone.status()).isEqualTo("unknown");
    assertThat(gone.cpuPercent()).isNull();
    assertThat(gone.memoryUsedBytes()).isNull();
  }

  @Test
  void clusterOutageGivesNoDataSamplesThenRecovers() {
    String server = newServerId();
    addServer(server, "u3", 103, "lxc", false);
    PROXMOX.faults().outage(Faults.OutageMode.ERROR_595);
    try {
      Instant during = Instant.now();
      CollectionCycle.Report report = runCycle();
      assertThat(report.clusters()).containsEntry(TestProxmox.CLUSTER, "error");
      MetricSample none = publishedSince(server, during);
      assertThat(none.dataState()).isEqualTo("no-data");
      assertThat(none.cpuPercent()).isNull();
      assertThat(none.memoryPercent()).isNull();
      assertThat(none.netInBytesPerSecond()).isNull();
    } finally {
      PROXMOX.faults().endOutage();
    }
    // bounded by the breaker's open time in the test configuration
    Instant after = Instant.now();
    await()
        .atMost(BOUND)
        .until(
            () -> {
              runCycle();
              return published.latest(server);
            },
            s -> s.occurredAt().isAfter(after) && s.hasData());
  }

  @Test
  void aSlowClusterTimesOutIntoNoDataWithoutDelayingTheOthers() {
    String slow = newServerId();
    String fast = newServerId();
    addServer(slow, "u4", 104, "lxc", false);
    addServer(fast, "u4", "big", "pve1", 100, "lxc", false);
    await().atMost(BOUND).until(() -> inventory.contains(fast));
    String rule = PROXMOX.faults().latency("GET", RESOURCES, Duration.ofSeconds(5)).id();
    try {
      Instant start = Instant.now();
      CollectionCycle.Report report = runCycle();
      assertThat(report.clusters())
          .containsEntry(TestProxmox.CLUSTER, "timeout")
          .containsEntry("big", "ok");
      // the healthy cluster's samples went out on their own, before the slow one's timeout
      MetricSample fastSample = publishedSince(fast, start);
      MetricSample slowSample = publishedSince(slow, start);
      assertThat(fastSample.hasData()).isTrue();
      assertThat(slowSample.dataState()).isEqualTo("no-data");
      assertThat(report.took()).isLessThan(Duration.ofSeconds(4));
    } finally {
      PROXMOX.faults().remove(rule);
      removeServer(fast);
    }
    await().atMost(BOUND).until(() -> !inventory.contains(fast));
  }

  @Test
  void overlappingTicksAreSkipped() {
    String server = newServerId();
    addServer(server, "u5", 101, "lxc", false);
    String rule = PROXMOX.faults().latency("GET", RESOURCES, Duration.ofMillis(700)).id();
    try {
      Mono<CollectionCycle.Report> first = cycle.run().cache();
      first.subscribe();
      CollectionCycle.Report second = runCycle();
      assertThat(second.skipped()).isTrue();
      assertThat(first.block(BOUND).skipped()).isFalse();
    } finally {
      PROXMOX.faults().remove(rule);
    }
  }

  @Test
  void oneClusterResourcesCallPerClusterPerCycleAtTenThousandGuests() {
    String small = newServerId();
    addServer(small, "u6", 101, "lxc", false);
    // no inventory server on "big" yet: it is not polled at all
    long bigBefore = BIG.requestCount("GET", RESOURCES);
    long localBefore = PROXMOX.requestCount("GET", RESOURCES);
    runCycle();
    assertThat(BIG.requestCount("GET", RESOURCES)).isEqualTo(bigBefore);
    assertThat(PROXMOX.requestCount("GET", RESOURCES)).isEqualTo(localBefore + 1);

    List<String> ids = new ArrayList<>();
    for (var g : BIG.guests()) {
      String id = "big-" + g.vmid();
      ids.add(id);
      addServer(id, "bulk", "big", g.node(), g.vmid(), g.type(), false);
    }
    assertThat(ids).hasSize(10_000);
    await().atMost(BOUND).until(() -> ids.stream().allMatch(inventory::contains));
    try {
      bigBefore = BIG.requestCount("GET", RESOURCES);
      localBefore = PROXMOX.requestCount("GET", RESOURCES);
      Instant start = Instant.now();
      CollectionCycle.Report report = runCycle();
      assertThat(BIG.requestCount("GET", RESOURCES)).isEqualTo(bigBefore + 1);
      assertThat(PROXMOX.requestCount("GET", RESOURCES)).isEqualTo(localBefore + 1);
      assertThat(BIG.requestCount("GET", "/nodes/{node}/lxc/{vmid}/status/current")).isZero();
      assertThat(report.samples()).isGreaterThanOrEqualTo(10_001);
      assertThat(report.clusters()).containsEntry("big", "ok");
      // every one of them published, keyed by its server id
      await()
          .atMost(BOUND)
          .until(
              () ->
                  ids.stream()
                      .allMatch(
                          id -> {
                            MetricSample s = published.latest(id);
                            return s != null && !s.occurredAt().isBefore(start);
                          }));
      assertThat(published.latest(ids.get(0)).hasData()).isTrue();
      assertThat(published.keys()).contains(ids.get(9_999));
    } finally {
      ids.forEach(this::removeServer);
      await().atMost(BOUND).until(() -> ids.stream().noneMatch(inventory::contains));
    }
  }
}
