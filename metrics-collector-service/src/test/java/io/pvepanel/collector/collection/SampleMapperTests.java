package io.pvepanel.collector.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.collector.inventory.InventoryEntry;
import io.pvepanel.events.MetricSample;
import io.pvepanel.proxmox.client.ClusterResource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleMapperTests {

  static final Instant T0 = Instant.parse("2026-03-10T13:20:00Z");
  static final InventoryEntry CT = new InventoryEntry("s1", "u", "c", "pve1", 101, "lxc", false);
  static final InventoryEntry VM = new InventoryEntry("s2", "u", "c", "pve1", 200, "qemu", true);

  static ClusterResource ct(String status, long uptime, long netin, long netout) {
    return new ClusterResource(
        "lxc/101", "lxc", 101, "pve1", status, "web", 0, uptime, 2.0, 0.25, 2048L, 512L, 0L, 1000L,
        250L, netin, netout, 0L, 0L, null, null, null, null);
  }

  final SampleMapper mapper = new SampleMapper();

  MetricSample one(InventoryEntry e, ClusterResource r, Instant at) {
    return mapper
        .map(List.of(e), r == null ? List.of() : List.of(r), at, SampleMapper.AgentDisks.NONE)
        .get(0);
  }

  @Test
  void unitsAreNormalised() {
    MetricSample s = one(CT, ct("running", 100, 1000, 2000), T0);
    assertThat(s.cpuPercent()).isEqualTo(25.0);
    assertThat(s.memoryPercent()).isEqualTo(25.0);
    assertThat(s.diskPercent()).isEqualTo(25.0);
    assertThat(s.netInBytesPerSecond()).isNull();
    assertThat(s.type()).isEqualTo(MetricSample.TYPE);
  }

  @Test
  void ratesFollowTheCountersOverPvestatdTimeAndResetToNull() {
    one(CT, ct("running", 100, 1000, 2000), T0);
    MetricSample second = one(CT, ct("running", 110, 6000, 2500), T0.plusSeconds(9));
    assertThat(second.netInBytesPerSecond()).isEqualTo(500.0);
    assertThat(second.netOutBytesPerSecond()).isEqualTo(50.0);
    // the same pvestatd sample read again: same rate, not zero
    MetricSample again = one(CT, ct("running", 110, 6000, 2500), T0.plusSeconds(11));
    assertThat(again.netInBytesPerSecond()).isEqualTo(500.0);
    // counters went down (guest restarted): no rate rather than a negative or huge one
    MetricSample restarted = one(CT, ct("running", 5, 100, 100), T0.plusSeconds(20));
    assertThat(restarted.netInBytesPerSecond()).isNull();
  }

  @Test
  void missingGuestsWrongTypesAndUnknownStatusAreUnknown() {
    assertThat(one(CT, null, T0).dataState()).isEqualTo("unknown");
    assertThat(one(VM, ct("running", 1, 1, 1), T0).dataState()).isEqualTo("unknown");
    MetricSample s = one(CT, ct("unknown", 1, 1, 1), T0);
    assertThat(s.dataState()).isEqualTo("unknown");
    assertThat(s.cpuPercent()).isNull();
  }

  @Test
  void qmpStatesMapToTheApiStatuses() {
    assertThat(SampleMapper.status("prelaunch")).isEqualTo("paused");
    assertThat(SampleMapper.status("io-error")).isEqualTo("paused");
    assertThat(SampleMapper.status("suspended")).isEqualTo("suspended");
    assertThat(SampleMapper.status(null)).isEqualTo("unknown");
  }

  @Test
  void noDataCarriesNoFigures() {
    MetricSample s = mapper.noData(List.of(CT), T0).get(0);
    assertThat(s.dataState()).isEqualTo("no-data");
    assertThat(s.hasData()).isFalse();
    assertThat(s.memoryTotalBytes()).isNull();
  }
}
