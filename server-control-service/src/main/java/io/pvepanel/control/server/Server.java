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
 * @param node where the guest is; null until a create placed it
 * @param vmid the guest's id in its cluster; null until a create placed it
 * @param guestType {@code lxc} or {@code qemu}
 * @param status the last status the service knows; live figures come from the collector
 * @param suspension set while the provider has suspended the server (billing); null otherwise
 */
public record Server(
    String id,
    String ownerId,
    String ownerEmail,
    String cluster,
    String node,
    Integer vmid,
    String guestType,
    String hostname,
    String planId,
    String templateId,
    ServerStatus status,
    String ip,
    Instant createdAt,
    Instant updatedAt,
    Suspension suspension) {

  /**
   * Why and since when the provider suspended a server.
   *
   * @param terminateAt when a terminated server is deleted; null: only suspended
   */
  public record Suspension(Instant since, String reason, Instant terminateAt) {

    public Suspension(Instant since, String reason) {
      this(since, reason, null);
    }

    /** Whether the provider terminated the server and it waits for deletion. */
    public boolean terminating() {
      return terminateAt != null;
    }
  }

  /** A server that is not suspended. */
  public Server(
      String id,
      String ownerId,
      String ownerEmail,
      String cluster,
      String node,
      Integer vmid,
      String guestType,
      String hostname,
      String planId,
      String templateId,
      ServerStatus status,
      String ip,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        ownerId,
        ownerEmail,
        cluster,
        node,
        vmid,
        guestType,
        hostname,
        planId,
        templateId,
        status,
        ip,
        createdAt,
        updatedAt,
        null);
  }

  /** Whether the provider has suspended this server: every customer action is refused. */
  public boolean suspended() {
    return suspension != null;
  }

  /** Whether the server has a guest in Proxmox yet (a create records where it goes first). */
  public boolean placed() {
    return node != null && vmid != null;
  }

  public GuestType type() {
    return GuestType.of(guestType);
  }

  /** Where Proxmox finds this server's guest; only once {@link #placed()}. */
  public GuestRef ref() {
    if (!placed()) {
      throw new IllegalStateException("Server " + id + " has no guest yet");
    }
    return new GuestRef(node, type(), vmid);
  }

  /** The same server with another status. */
  public Server withStatus(ServerStatus newStatus, Instant at) {
    return new Server(
        id,
        ownerId,
        ownerEmail,
        cluster,
        node,
        vmid,
        guestType,
        hostname,
        planId,
        templateId,
        newStatus,
        ip,
        createdAt,
        at,
        suspension);
  }

  /** The same server with the provider's suspension (null: none). */
  public Server withSuspension(Suspension newSuspension, Instant at) {
    return new Server(
        id,
        ownerId,
        ownerEmail,
        cluster,
        node,
        vmid,
        guestType,
        hostname,
        planId,
        templateId,
        status,
        ip,
        createdAt,
        at,
        newSuspension);
  }

  /** The same server owned by {@code newOwnerId}, mailed at {@code newEmail}. */
  public Server withOwner(String newOwnerId, String newEmail, Instant at) {
    return new Server(
        id,
        newOwnerId,
        newEmail,
        cluster,
        node,
        vmid,
        guestType,
        hostname,
        planId,
        templateId,
        status,
        ip,
        createdAt,
        at,
        suspension);
  }

  /** The same server placed on {@code newNode} as {@code newVmid}. */
  public Server placedAt(String newNode, int newVmid, Instant at) {
    return new Server(
        id,
        ownerId,
        ownerEmail,
        cluster,
        newNode,
        newVmid,
        guestType,
        hostname,
        planId,
        templateId,
        status,
        ip,
        createdAt,
        at,
        suspension);
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
        diskFromAgent,
        suspended());
  }

  /**
   * An event about this server for {@code server.events}.
   *
   * @param status the status it announces, or null
   * @param operation the operation it reports on, or null
   */
  public ServerEvent event(
      String type, Instant at, ServerStatus status, ServerEvent.Operation operation) {
    return new ServerEvent(
        UUID.randomUUID(),
        type,
        ServerEvent.VERSION,
        at,
        id,
        ownerId,
        ownerEmail,
        hostname,
        status == null ? null : status.wire(),
        operation);
  }
}
