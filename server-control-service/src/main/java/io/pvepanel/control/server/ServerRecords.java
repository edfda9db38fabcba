package io.pvepanel.control.server;

import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one place that changes a server's record together with what it announces: each method writes
 * the row and its events (outbox), and runs inside the caller's transaction.
 */
@Component
public class ServerRecords {

  private final ServerRepository servers;
  private final CatalogRepository catalog;
  private final Outbox outbox;

  ServerRecords(ServerRepository servers, CatalogRepository catalog, Outbox outbox) {
    this.servers = servers;
    this.catalog = catalog;
    this.outbox = outbox;
  }

  /**
   * A new server; its inventory record is published once it is placed (the collector needs node and
   * vmid).
   */
  public Mono<Void> insert(Server server, boolean diskFromAgent) {
    Mono<Void> inventory =
        server.placed()
            ? outbox.append(
                Topics.SERVER_INVENTORY, server.inventoryRecord(diskFromAgent, server.createdAt()))
            : Mono.empty();
    return servers.insert(server).then(inventory);
  }

  /** Records where a new server's guest goes and publishes its inventory record. */
  public Mono<Server> place(
      Server server, String node, int vmid, boolean diskFromAgent, Instant at) {
    Server placed = server.placedAt(node, vmid, at);
    return servers
        .updatePlacement(server.id(), node, vmid, at)
        .then(outbox.append(Topics.SERVER_INVENTORY, placed.inventoryRecord(diskFromAgent, at)))
        .thenReturn(placed);
  }

  /** Records and announces a status. */
  public Mono<Void> status(Server server, ServerStatus status, Instant at) {
    return servers
        .updateStatus(server.id(), status, at)
        .then(
            outbox.append(
                Topics.SERVER_EVENTS, server.event(ServerEvent.STATUS_CHANGED, at, status, null)));
  }

  /**
   * Records the provider's suspension of a server (or, null, its end) and republishes its inventory
   * record, which tells alerting to hold (or resume) its alerts.
   */
  public Mono<Server> suspension(Server server, Server.Suspension suspension, Instant at) {
    Server changed = server.withSuspension(suspension, at);
    return servers
        .updateSuspension(server.id(), suspension, at)
        .then(republish(changed, at))
        .thenReturn(changed);
  }

  /**
   * Sets a new contact address on a server and republishes its inventory record, so alerting's mail
   * goes there.
   */
  public Mono<Void> contact(Server server, String email, Instant at) {
    return republish(server.withOwner(server.ownerId(), email, at), at);
  }

  /**
   * Hands a server to another owner and republishes its inventory record: the gateway ends the old
   * owner's consoles and live subscriptions on it, alerting mails the new owner.
   */
  public Mono<Server> transfer(Server server, String ownerId, String email, Instant at) {
    Server changed = server.withOwner(ownerId, email, at);
    return servers
        .updateOwner(server.id(), ownerId, email, at)
        .then(republish(changed, at))
        .thenReturn(changed);
  }

  /**
   * The inventory record of a changed server, once it is placed (the collector needs its guest).
   */
  private Mono<Void> republish(Server changed, Instant at) {
    return changed.placed()
        ? catalog
            .diskFromAgent(changed.planId())
            .flatMap(
                agent -> outbox.append(Topics.SERVER_INVENTORY, changed.inventoryRecord(agent, at)))
        : Mono.empty();
  }

  /** Removes the record: a tombstone for the inventory and a {@code server.deleted} event. */
  public Mono<Void> forget(Server server, Instant at) {
    return servers
        .delete(server.id())
        .then(outbox.appendTombstone(Topics.SERVER_INVENTORY, server.id()))
        .then(
            outbox.append(Topics.SERVER_EVENTS, server.event(ServerEvent.DELETED, at, null, null)));
  }
}
