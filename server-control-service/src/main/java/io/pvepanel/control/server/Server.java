package io.pvepanel.control.server;

import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.GuestType;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's server: one Proxmox guest, identified in Proxmox by {@code (cluster, vmid)} and
 * found on {@code node}.
 *
 * @param guestType {@code lxc} or {@code qemu}
 * @param status the last status the service knows ({@code creating}, {@code running}, {@code
 *     stopped}, {@code paused}, {@code deleting}, …); live figures come from the collector
 */
public record Server(
    String id,
    String ownerId,
    String ownerEmail,
    String cluster,
    String node,
    int vmid,
    String guestType,
    String hostname,
    String planId,
    String templateId,
    String status,
    String ip,
    Instant createdAt,
    Instant updatedAt) {

  /** Where Proxmox finds this server's guest. */
  public GuestRef ref() {
    return new GuestRef(node, GuestType.of(guestType), vmid);
  }

  /** This server's record for the compacted {@code server.inventory} topic. */
  public ServerInventoryRecord inventoryRecord(boolean diskFromAgent, Instant at) {
    return new ServerInventoryRecord(
        UUID.randomUUID(),
        ServerInventoryRecord.TYPE,
        ServerInventoryRecord.VERSION,
        at,
        id,
        ownerId,
        ownerEmail,
        hostname,
        cluster,
        node,
        vmid,
        guestType,
        diskFromAgent);
  }

  /**
   * An event about this server for {@code server.events}.
   *
   * @param status the status it announces, or null
   * @param operation the operation it reports on, or null
   */
  public ServerEvent event(
      String type, Instant at, String status, ServerEvent.Operation operation) {
    return new ServerEvent(
        UUID.randomUUID(),
        type,
        ServerEvent.VERSION,
        at,
        id,
        ownerId,
        ownerEmail,
        hostname,
        status,
        operation);
  }
}
