package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /nodes/{node}/tasks/{upid}/status}.
 *
 * @param status {@code running} or {@code stopped}
 * @param exitstatus only when stopped: {@code OK}, {@code WARNINGS: n}, or the error text
 * @param user user part of the acting identity; {@code tokenid} holds the token name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskStatus(
    String upid,
    String node,
    Long pid,
    Long pstart,
    Long starttime,
    String type,
    String id,
    String user,
    String tokenid,
    String status,
    String exitstatus) {

  public boolean isRunning() {
    return "running".equals(status);
  }

  /** Success = {@code OK} or {@code WARNINGS: n}; only meaningful once stopped. */
  public boolean isSuccess() {
    return !isRunning()
        && exitstatus != null
        && ("OK".equals(exitstatus) || exitstatus.startsWith("WARNINGS: "));
  }
}
