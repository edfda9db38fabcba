package io.pvepanel.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The current record of one server on {@link Topics#SERVER_INVENTORY} (compacted). Collectors and
 * the gateway rebuild their view of who owns what from it.
 *
 * @param guestType {@code lxc} or {@code qemu}
 * @param diskFromAgent whether QEMU disk usage is read from the guest agent (Proxmox reports 0
 *     without it)
 */
public record ServerInventoryRecord(
    UUID eventId,
    String type,
    int version,
    Instant occurredAt,
    String serverId,
    String ownerId,
    String ownerEmail,
    String name,
    String cluster,
    String node,
    int vmid,
    String guestType,
    boolean diskFromAgent)
    implements Event {

  public static final String TYPE = "server.inventory";
  public static final int VERSION = 1;
}
