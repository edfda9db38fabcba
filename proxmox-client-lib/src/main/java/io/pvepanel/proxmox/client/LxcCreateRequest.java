package io.pvepanel.proxmox.client;

import java.util.List;
import java.util.Objects;

/**
 * Parameters of {@code POST /nodes/{node}/lxc}. Null fields are not sent (Proxmox defaults apply),
 * except {@code unprivileged}, which is always sent because its default differs between PVE 8 (0)
 * and PVE 9 (1).
 *
 * @param vmid null = take {@code /cluster/nextid} (and retry with a new id if it got taken)
 * @param ostemplate volume id, e.g. {@code local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst}
 * @param password root password (≥ 5 chars); never logged
 * @param sshPublicKeys OpenSSH public keys, one per entry
 * @param memoryMib memory in MiB (PVE default 512)
 * @param swapMib swap in MiB (PVE default 512)
 * @param rootfsStorage storage id for the root disk, e.g. {@code local-lvm}
 * @param rootfsSizeGib root disk size in GiB
 * @param net0 property string, e.g. {@code name=eth0,bridge=vmbr0,ip=dhcp}
 * @param features e.g. {@code nesting=1,keyctl=1}
 * @param tags Proxmox tags, separated by {@code ;} (each {@code [a-z0-9_][a-z0-9_+.-]*}); null for
 *     none
 */
public record LxcCreateRequest(
    Integer vmid,
    String ostemplate,
    String hostname,
    String password,
    List<String> sshPublicKeys,
    Integer cores,
    Integer memoryMib,
    Integer swapMib,
    String rootfsStorage,
    Integer rootfsSizeGib,
    String net0,
    String nameserver,
    boolean start,
    String features,
    boolean unprivileged,
    String tags) {

  public LxcCreateRequest {
    Objects.requireNonNull(ostemplate, "ostemplate");
    sshPublicKeys = sshPublicKeys == null ? List.of() : List.copyOf(sshPublicKeys);
    if ((rootfsStorage == null) != (rootfsSizeGib == null)) {
      throw new IllegalArgumentException("rootfsStorage and rootfsSizeGib go together");
    }
  }

  /** The same request for another vmid (used when retrying after an id clash). */
  public LxcCreateRequest withVmid(int id) {
    return new LxcCreateRequest(
        id,
        ostemplate,
        hostname,
        password,
        sshPublicKeys,
        cores,
        memoryMib,
        swapMib,
        rootfsStorage,
        rootfsSizeGib,
        net0,
        nameserver,
        start,
        features,
        unprivileged,
        tags);
  }

  @Override
  public String toString() {
    return "LxcCreateRequest[vmid="
        + vmid
        + ", ostemplate="
        + ostemplate
        + ", hostname="
        + hostname
        + ", password="
        + (password == null ? "null" : "***")
        + ", cores="
        + cores
        + ", memoryMib="
        + memoryMib
        + ", unprivileged="
        + unprivileged
        + "]";
  }
}
