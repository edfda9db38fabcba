package io.pvepanel.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One normalised sample of one server on {@link Topics#SERVER_METRICS}, produced once per
 * collection cycle. Units are fixed here, at collection, so no consumer converts again.
 *
 * <p>{@code dataState} says whether the numbers are real: {@code ok}; {@code no-data} (the cluster
 * could not be read this cycle); {@code unknown} (the guest is not in Proxmox any more, or Proxmox
 * does not know its state). Unless it is {@code ok}, every usage figure is null — never a stale
 * value dressed as fresh, and never a zero that could resolve an alert.
 *
 * @param status {@code running}, {@code stopped}, {@code paused}, {@code suspended} or {@code
 *     unknown}
 * @param cpuPercent CPU used as a percentage of the guest's allocated cores, 0..100
 * @param diskUsedBytes null where Proxmox cannot know it (QEMU without the guest agent)
 * @param netInBytesPerSecond rate since the previous sample; null on the first sample or after a
 *     counter reset
 */
public record MetricSample(
    UUID eventId,
    String type,
    int version,
    Instant occurredAt,
    String serverId,
    String ownerId,
    String dataState,
    String status,
    Double cpuPercent,
    Long memoryUsedBytes,
    Long memoryTotalBytes,
    Double memoryPercent,
    Long diskUsedBytes,
    Long diskTotalBytes,
    Double diskPercent,
    Double netInBytesPerSecond,
    Double netOutBytesPerSecond,
    Long uptimeSeconds)
    implements Event {

  public static final String TYPE = "server.sample";
  public static final int VERSION = 1;
  public static final String DATA_OK = "ok";
  public static final String DATA_NO_DATA = "no-data";
  public static final String DATA_UNKNOWN = "unknown";

  public boolean hasData() {
    return DATA_OK.equals(dataState);
  }
}
