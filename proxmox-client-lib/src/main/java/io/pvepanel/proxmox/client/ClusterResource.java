package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One guest of {@code GET /cluster/resources?type=vm}. Values come from pvestatd and are up to ~10
 * s old. When {@link #status()} is {@code unknown} (fresh guest, node offline) only {@code id,
 * type, vmid, node, status} are present; every other field is then null, never a fake 0.
 *
 * <p>{@code status} is kept as the raw string: LXC reports running/stopped, QEMU its QMP status
 * (running, paused, prelaunch, suspended, io-error, ...), and new values may appear.
 *
 * @param cpu fraction of {@code maxcpu} (0.25 = a quarter of the assigned CPUs busy)
 * @param netin cumulative bytes since guest start (a counter, not a rate); same for netout,
 *     diskread, diskwrite
 * @param memhost PVE 9 only, QEMU host-side memory; null on PVE 8
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterResource(
    String id,
    String type,
    int vmid,
    String node,
    String status,
    String name,
    Integer template,
    Long uptime,
    Double maxcpu,
    Double cpu,
    Long maxmem,
    Long mem,
    Long memhost,
    Long maxdisk,
    Long disk,
    Long netin,
    Long netout,
    Long diskread,
    Long diskwrite,
    String lock,
    String tags,
    String pool,
    String hastate) {

  public GuestType guestType() {
    return GuestType.of(type);
  }

  public GuestRef ref() {
    return new GuestRef(node, guestType(), vmid);
  }

  public boolean isTemplate() {
    return template != null && template == 1;
  }
}
