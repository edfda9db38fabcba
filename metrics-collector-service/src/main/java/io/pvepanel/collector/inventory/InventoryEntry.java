package io.pvepanel.collector.inventory;

import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.GuestType;

/**
 * What the collector knows of one server: where its guest lives and who owns it.
 *
 * @param guestType {@code lxc} or {@code qemu}
 * @param diskFromAgent read QEMU disk usage from the guest agent
 */
public record InventoryEntry(
    String serverId,
    String ownerId,
    String cluster,
    String node,
    int vmid,
    String guestType,
    boolean diskFromAgent) {

  /** The entry of a record, or null when the record lacks what polling needs. */
  public static InventoryEntry of(ServerInventoryRecord r) {
    if (r == null
        || r.serverId() == null
        || r.cluster() == null
        || r.node() == null
        || r.vmid() <= 0
        || !("lxc".equals(r.guestType()) || "qemu".equals(r.guestType()))) {
      return null;
    }
    return new InventoryEntry(
        r.serverId(),
        r.ownerId(),
        r.cluster(),
        r.node(),
        r.vmid(),
        r.guestType(),
        r.diskFromAgent());
  }

  public boolean isQemu() {
    return "qemu".equals(guestType);
  }

  public GuestRef ref() {
    return new GuestRef(node, GuestType.of(guestType), vmid);
  }
}
