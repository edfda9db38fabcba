package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A guest as returned by {@code status/current} and by the per-node lists {@code GET
 * /nodes/{node}/lxc|qemu} (same shape; lists omit {@code ha}). Absent values are null. Counters
 * ({@code netin}, {@code diskread}, ...) are cumulative bytes since guest start.
 *
 * @param vmid accepted as number or numeric string (older LXC versions send a string)
 * @param type {@code lxc} for containers; null for QEMU, which does not send it
 * @param status {@code running} or {@code stopped}
 * @param qmpstatus QEMU only: QMP run state ({@code paused}, ...)
 * @param cpu fraction of {@code cpus}; often 0 on the first call
 * @param agent QEMU only: 1 if the guest agent is configured
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuestStatus(
    int vmid,
    String type,
    String status,
    String qmpstatus,
    String name,
    Double cpus,
    Double cpu,
    Long mem,
    Long maxmem,
    Long memhost,
    Long swap,
    Long maxswap,
    Long disk,
    Long maxdisk,
    Long netin,
    Long netout,
    Long diskread,
    Long diskwrite,
    Long uptime,
    Long pid,
    String lock,
    String tags,
    Integer template,
    Integer agent,
    Double pressurecpusome,
    Double pressurecpufull,
    Double pressureiosome,
    Double pressureiofull,
    Double pressurememorysome,
    Double pressurememoryfull,
    @JsonProperty("ha") Map<String, Object> ha) {

  public boolean isRunning() {
    return "running".equals(status);
  }
}
