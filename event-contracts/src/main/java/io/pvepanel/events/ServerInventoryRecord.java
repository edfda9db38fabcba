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
 * @param suspended whether the provider suspended the server (billing): no alerts for it meanwhile;
 *     absent in records written before it existed (false)
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
    boolean diskFromAgent,
    Boolean suspended)
    implements Event {

  public ServerInventoryRecord {
    // records written before the field existed carry none: not suspended
    suspended = Boolean.TRUE.equals(suspended);
  }

  /** A record of a server that is not suspended. */
  public ServerInventoryRecord(
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
      boolean diskFromAgent) {
    this(
        eventId,
        type,
        version,
        occurredAt,
        serverId,
        ownerId,
        ownerEmail,
        name,
        cluster,
        node,
        vmid,
        guestType,
        diskFromAgent,
        false);
  }

  public static final String TYPE = "server.inventory";
  public static final int VERSION = 1;
}
