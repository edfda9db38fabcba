package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One RRD bucket with units normalised by the client. A field Proxmox omitted (guest stopped,
 * counter reset, node down) is null here; it is never turned into 0.
 *
 * @param time start of the bucket
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

    RrdPoint normalise() {
      Double cpuPercent = cpu == null ? null : Math.max(0.0, Math.min(100.0, cpu * 100.0));
      return new RrdPoint(
          Instant.ofEpochSecond(time),
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
