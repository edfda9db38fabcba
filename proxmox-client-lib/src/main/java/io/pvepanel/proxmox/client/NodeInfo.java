package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code GET /nodes}. Offline nodes (and callers without Sys.Audit) have null
 * cpu/mem/disk/uptime.
 *
 * @param status {@code online}, {@code offline} or {@code unknown}
 * @param sslFingerprint SHA-256 of the node's certificate, uppercase hex with colons
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeInfo(
    String node,
    String id,
    String type,
    String status,
    String level,
    Double cpu,
    Double maxcpu,
    Long mem,
    Long maxmem,
    Long disk,
    Long maxdisk,
    Long uptime,
    @JsonProperty("ssl_fingerprint") String sslFingerprint) {

  public boolean isOnline() {
    return "online".equals(status);
  }
}
