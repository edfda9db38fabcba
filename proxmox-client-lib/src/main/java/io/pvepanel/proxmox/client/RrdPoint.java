package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One RRD bucket with units normalised by the client. A field Proxmox omitted (guest stopped,
 * counter reset, node down) is null here; it is never turned into 0.
 *
 * @param time start of the bucket
 * @param step the bucket's width, taken from the points' own timestamps (the gap to the next point;
 *     the last point takes the gap before it; null for a lone point). PVE 8 and 9 store different
 *     resolutions (month: 12 h vs 30 min), and after an upgrade one answer carries the old file's
 *     coarse points followed by the new file's fine ones, so no resolution is assumed.
 * @param cpuPercent CPU use as percent of the guest's allocated cores, 0..100 (PVE's fraction ×
 *     100, clamped)
 * @param maxCpu allocated CPUs (may be fractional)
 * @param memBytes memory in use, bytes (an average, so possibly fractional)
 * @param maxMemBytes memory limit, bytes
 * @param memHostBytes QEMU host-side memory (PVE 9), bytes
 * @param diskBytes root disk usage, bytes (always 0 for QEMU)
 * @param maxDiskBytes root disk size, bytes
 * @param netInBytesPerSecond received, bytes/s (PVE stores a rate)
 * @param netOutBytesPerSecond sent, bytes/s
 * @param diskReadBytesPerSecond read, bytes/s
 * @param diskWriteBytesPerSecond written, bytes/s
 * @param pressureCpuSome PSI avg10 percent (PVE 9); likewise the other pressure fields
 */
public record RrdPoint(
    Instant time,
    Duration step,
    Double cpuPercent,
    Double maxCpu,
    Double memBytes,
    Double maxMemBytes,
    Double memHostBytes,
    Double diskBytes,
    Double maxDiskBytes,
    Double netInBytesPerSecond,
    Double netOutBytesPerSecond,
    Double diskReadBytesPerSecond,
    Double diskWriteBytesPerSecond,
    Double pressureCpuSome,
    Double pressureCpuFull,
    Double pressureIoSome,
    Double pressureIoFull,
    Double pressureMemorySome,
    Double pressureMemoryFull) {

  /**
   * Normalises an answer (oldest first), giving each point the step its timestamps show (see {@link
   * #step()}).
   */
  static List<RrdPoint> normalise(List<Raw> raw) {
    List<RrdPoint> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      long gap;
      if (i + 1 < raw.size()) {
        gap = raw.get(i + 1).time() - raw.get(i).time();
      } else if (i > 0) {
        gap = raw.get(i).time() - raw.get(i - 1).time();
      } else {
        gap = 0;
      }
      out.add(raw.get(i).normalise(gap > 0 ? Duration.ofSeconds(gap) : null));
    }
    return out;
  }

  /**
   * The coarsest step among points from {@code from} (inclusive) on, or null when none is known:
   * the resolution a chart over that range can show without empty buckets.
   */
  public static Duration coarsestStep(List<RrdPoint> points, Instant from) {
    Duration max = null;
    for (RrdPoint p : points) {
      if (p.step() != null
          && !p.time().isBefore(from)
          && (max == null || p.step().compareTo(max) > 0)) {
        max = p.step();
      }
    }
    return max;
  }

  /** Wire shape; only converted, never exposed. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Raw(
      long time,
      Double cpu,
      Double maxcpu,
      Double mem,
      Double maxmem,
      Double memhost,
      Double disk,
      Double maxdisk,
      Double netin,
      Double netout,
      Double diskread,
      Double diskwrite,
      Double pressurecpusome,
      Double pressurecpufull,
      Double pressureiosome,
      Double pressureiofull,
      Double pressurememorysome,
      Double pressurememoryfull) {

    RrdPoint normalise(Duration step) {
      Double cpuPercent = cpu == null ? null : Math.max(0.0, Math.min(100.0, cpu * 100.0));
      return new RrdPoint(
          Instant.ofEpochSecond(time),
          step,
          cpuPercent,
          maxcpu,
          mem,
          maxmem,
          memhost,
          disk,
          maxdisk,
          netin,
          netout,
          diskread,
          diskwrite,
          pressurecpusome,
          pressurecpufull,
          pressureiosome,
          pressureiofull,
          pressurememorysome,
          pressurememoryfull);
    }
  }
}
