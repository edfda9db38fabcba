package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * {@code GET /version} plus the answer's {@code Date} header.
 *
 * @param version e.g. {@code 9.0.11} (pve-manager's version)
 * @param release e.g. {@code 9.0}
 * @param repoid git commit of the build
 * @param serverDate the node's clock from the HTTP {@code Date} header (second precision), null
 *     when absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PveVersion(String version, String release, String repoid, Instant serverDate) {

  /** The major version (8, 9, ...), or -1 when unparseable. */
  public int major() {
    String v = version != null ? version : release;
    if (v == null) {
      return -1;
    }
    int dot = v.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  PveVersion withServerDate(Instant date) {
    return new PveVersion(version, release, repoid, date);
  }
}
