package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Arrays;
import java.util.Set;

/**
 * One storage of {@code GET /nodes/{node}/storage}.
 *
 * @param storage storage id, e.g. {@code local-lvm}
 * @param type plugin type: {@code dir}, {@code lvmthin}, {@code zfspool}, {@code rbd}, ...
 * @param content comma-separated content types: {@code rootdir,images,backup,vztmpl,iso,...}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageInfo(
    String storage,
    String type,
    String content,
    Integer active,
    Integer enabled,
    Integer shared,
    Long total,
    Long used,
    Long avail) {

  // pve-storage plugins whose volume_has_feature grants 'snapshot' to every volume format they
  // store (containers' raw/subvol volumes included); dir/nfs/cifs snapshot only qcow2 (VM disks).
  private static final Set<String> SNAPSHOT_TYPES = Set.of("zfspool", "lvmthin", "rbd", "btrfs");

  /** Whether container (and raw VM) volumes on this storage can be snapshotted. */
  public boolean canSnapshotGuests() {
    return type != null && SNAPSHOT_TYPES.contains(type);
  }

  /** Whether the storage may hold backups ({@code backup} content). */
  public boolean holdsBackups() {
    return hasContent("backup");
  }

  public boolean hasContent(String kind) {
    return content != null && Arrays.asList(content.split(",")).contains(kind);
  }
}
