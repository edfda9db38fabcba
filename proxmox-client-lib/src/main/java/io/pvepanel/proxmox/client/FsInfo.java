package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One filesystem of a QEMU guest as its guest agent reports it ({@code agent/get-fsinfo}). Sizes
 * are null when the agent does not know them (e.g. some virtual filesystems, older agents).
 *
 * @param name the device as the guest names it ({@code sda1}, {@code C:})
 * @param totalBytes filesystem size, bytes
 * @param usedBytes used, bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FsInfo(
    String name,
    String mountpoint,
    String type,
    @JsonProperty("total-bytes") Long totalBytes,
    @JsonProperty("used-bytes") Long usedBytes) {

  /** Wire shape: {@code {"data":{"result":[...]}}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Result(List<FsInfo> result) {}
}
