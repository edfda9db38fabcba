package io.pvepanel.proxmox.simulator.guest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One guest's mutable state. Guarded by the simulator's state lock (every access happens under it).
 * Config is held as fields rather than a map so that 100,000 guests stay small.
 */
public final class Guest {

  /** Run state: QEMU distinguishes {@code paused} (running process, QMP paused). */
  public enum Status {
    STOPPED,
    RUNNING,
    PAUSED
  }

  public final int vmid;
  public final GuestType type;
  public String node;
  public String name;
  public int cores;
  public int memoryMiB;
  public int swapMiB;
  public String storage;
  public int diskGiB;
  public String ostype;
  public boolean unprivileged = true;
  public String tags;
  public String description;
  public boolean agent;

  /** Whether qemu-guest-agent answers {@code guest-ping} (agent configured and VM running). */
  public boolean agentResponding = true;

  public boolean template;
  public boolean protection;
  public boolean onboot;
  public String ostemplate;
  public String net0;

  /** LXC console mode: null = tty (the default), {@code console} or {@code shell}. */
  public String cmode;

  public Status status = Status.STOPPED;
  public String lock;
  public long startedAt;
  public long createdAt;
  public long hotSince = -1;
  public long pid;
  public boolean checkpointed;

  public final Map<String, Snapshot> snapshots = new LinkedHashMap<>(2);
  public String parent;

  public PasswordHash password;
  public int passwordChanges;

  public Guest(int vmid, GuestType type, String node) {
    this.vmid = vmid;
    this.type = type;
    this.node = node;
  }

  public boolean running() {
    return status != Status.STOPPED;
  }

  /** A detached copy of what pvestatd records (status, load-model inputs, sizes). */
  Guest copyForRrd() {
    Guest c = new Guest(vmid, type, node);
    c.cores = cores;
    c.memoryMiB = memoryMiB;
    c.diskGiB = diskGiB;
    c.storage = storage;
    c.status = status;
    c.startedAt = startedAt;
    c.createdAt = createdAt;
    c.hotSince = hotSince;
    return c;
  }

  /** Windows guests (ostype {@code win*}, {@code wxp}, {@code w2k*}). */
  public boolean windows() {
    return ostype != null
        && (ostype.startsWith("win") || ostype.startsWith("w2k") || ostype.equals("wxp"));
  }

  /** The guest's one local account whose password the panel manages. */
  public String adminAccount() {
    return windows() ? "Administrator" : "root";
  }

  public boolean hot() {
    return hotSince >= 0;
  }

  public String displayName() {
    if (name != null && !name.isBlank()) {
      return name.replaceAll("\\s", "");
    }
    return type == GuestType.LXC ? "CT" + vmid : "VM " + vmid;
  }

  public String volume() {
    return volid() + ",size=" + diskGiB + "G";
  }

  /** The root disk's volume id, e.g. {@code local-zfs:subvol-103-disk-0}. */
  public String volid() {
    String prefix = storage.contains("zfs") && type == GuestType.LXC ? "subvol" : "vm";
    return storage + ":" + prefix + "-" + vmid + "-disk-0";
  }

  public String mac() {
    return String.format(
        "BC:24:11:%02X:%02X:%02X", (vmid >> 16) & 0xff, (vmid >> 8) & 0xff, vmid & 0xff);
  }

  /** The config as {@code GET .../config} shows it (without digest). */
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    if (type == GuestType.LXC) {
      c.put("arch", "amd64");
      c.put("cores", cores);
      c.put("hostname", displayName());
      c.put("memory", memoryMiB);
      c.put("swap", swapMiB);
      c.put("ostype", ostype == null ? "debian" : ostype);
      c.put("rootfs", volume());
      c.put(
          "net0",
          net0 != null ? net0 : "name=eth0,bridge=vmbr0,hwaddr=" + mac() + ",ip=dhcp,type=veth");
      if (unprivileged) {
        c.put("unprivileged", 1);
      }
    } else {
      c.put("name", displayName());
      c.put("cores", cores);
      c.put("sockets", 1);
      c.put("memory", memoryMiB);
      c.put("ostype", ostype == null ? "l26" : ostype);
      c.put("scsihw", "virtio-scsi-single");
      c.put("scsi0", volume());
      c.put("boot", "order=scsi0");
      c.put("net0", net0 != null ? net0 : "virtio=" + mac() + ",bridge=vmbr0,firewall=1");
      if (agent) {
        c.put("agent", "1");
      }
    }
    if (type == GuestType.LXC && cmode != null) {
      c.put("cmode", cmode);
    }
    if (description != null && !description.isEmpty()) {
      c.put("description", description);
    }
    if (tags != null && !tags.isEmpty()) {
      c.put("tags", tags);
    }
    if (onboot) {
      c.put("onboot", 1);
    }
    if (protection) {
      c.put("protection", 1);
    }
    if (template) {
      c.put("template", 1);
    }
    return c;
  }

  /** Restores the fields a snapshot's config carries (rollback). */
  public void applyConfig(Map<String, Object> c) {
    cores = intOf(c.get("cores"), cores);
    memoryMiB = intOf(c.get("memory"), memoryMiB);
    swapMiB = intOf(c.get("swap"), swapMiB);
    Object n = c.get(type == GuestType.LXC ? "hostname" : "name");
    if (n != null) {
      name = n.toString();
    }
    description = c.get("description") == null ? null : c.get("description").toString();
    tags = c.get("tags") == null ? null : c.get("tags").toString();
    Object net = c.get("net0");
    if (net != null) {
      net0 = net.toString();
    }
  }

  static int intOf(Object o, int def) {
    if (o instanceof Number num) {
      return num.intValue();
    }
    if (o != null) {
      try {
        return Integer.parseInt(o.toString());
      } catch (NumberFormatException e) {
        return def;
      }
    }
    return def;
  }

  public static String digest(Map<String, Object> config) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-1")
              .digest(config.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code CT is locked (snapshot)} / {@code VM is locked (backup)}. */
  public String lockedMessage() {
    return type.word() + " is locked (" + lock + ")";
  }
}
