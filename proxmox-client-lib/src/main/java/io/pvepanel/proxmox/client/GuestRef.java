package io.pvepanel.proxmox.client;

import java.util.Objects;
import java.util.regex.Pattern;

/** Where a guest lives: node, type and vmid. */
public record GuestRef(String node, GuestType type, int vmid) {
  // Validated here because node names are put into URL paths and SSH host lookups.
  private static final Pattern NODE = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

  public GuestRef {
    Objects.requireNonNull(type, "type");
    requireNode(node);
    if (vmid < 100 || vmid > 999_999_999) {
      throw new IllegalArgumentException("vmid out of range: " + vmid);
    }
  }

  public static GuestRef lxc(String node, int vmid) {
    return new GuestRef(node, GuestType.LXC, vmid);
  }

  public static GuestRef qemu(String node, int vmid) {
    return new GuestRef(node, GuestType.QEMU, vmid);
  }

  static String requireNode(String node) {
    if (node == null || !NODE.matcher(node).matches()) {
      throw new IllegalArgumentException("invalid node name: " + node);
    }
    return node;
  }
}
