package io.pvepanel.control.server;

import static io.pvepanel.runtime.time.Times.fromDb;
import static io.pvepanel.runtime.time.Times.toDb;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Servers in the {@code servers} table. */
@Repository
public class ServerRepository {

  private static final String COLUMNS =
      "id, owner_id, owner_email, cluster, node, vmid, guest_type, hostname, plan_id,"
          + " template_id, status, ip, created_at, updated_at, suspended_at, suspend_reason, terminate_at";

  private final DatabaseClient db;

  ServerRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<Server> findById(String id) {
    return db.sql("SELECT " + COLUMNS + " FROM servers WHERE id = :id")
        .bind("id", id)
        .map(ServerRepository::read)
        .one();
  }

  public Flux<Server> findByOwner(String ownerId) {
    return db.sql(
            "SELECT " + COLUMNS + " FROM servers WHERE owner_id = :owner ORDER BY created_at, id")
        .bind("owner", ownerId)
        .map(ServerRepository::read)
        .all();
  }

  public Flux<Server> findAll() {
    return db.sql("SELECT " + COLUMNS + " FROM servers ORDER BY created_at, id")
        .map(ServerRepository::read)
        .all();
  }

  public Mono<Void> insert(Server s) {
    return db.sql(
            "INSERT INTO servers ("
                + COLUMNS
                + ") VALUES (:id, :owner, :email, :cluster, :node, :vmid, :type, :hostname,"
                + " :plan, :template, :status, :ip, :created, :updated, :suspended, :reason, :terminate)")
        .bind("id", s.id())
        .bind("owner", s.ownerId())
        .bind("email", Parameter.fromOrEmpty(s.ownerEmail(), String.class))
        .bind("cluster", s.cluster())
        .bind("node", Parameter.fromOrEmpty(s.node(), String.class))
        .bind("vmid", Parameter.fromOrEmpty(s.vmid(), Integer.class))
        .bind("type", s.guestType())
        .bind("hostname", s.hostname())
        .bind("plan", Parameter.fromOrEmpty(s.planId(), String.class))
        .bind("template", Parameter.fromOrEmpty(s.templateId(), String.class))
        .bind("status", s.status().wire())
        .bind("ip", Parameter.fromOrEmpty(s.ip(), String.class))
        .bind("created", toDb(s.createdAt()))
        .bind("updated", toDb(s.updatedAt()))
        .bind(
            "suspended",
            Parameter.fromOrEmpty(
                s.suspended() ? toDb(s.suspension().since()) : null, LocalDateTime.class))
        .bind(
            "reason",
            Parameter.fromOrEmpty(s.suspended() ? s.suspension().reason() : null, String.class))
        .bind("terminate", Parameter.fromOrEmpty(terminateAt(s.suspension()), LocalDateTime.class))
        .then();
  }

  public Mono<Void> updateStatus(String id, ServerStatus status, Instant at) {
    return db.sql("UPDATE servers SET status = :status, updated_at = :at WHERE id = :id")
        .bind("id", id)
        .bind("status", status.wire())
        .bind("at", toDb(at))
        .then();
  }

  /** Records where a new server's guest goes. */
  public Mono<Void> updatePlacement(String id, String node, int vmid, Instant at) {
    return db.sql("UPDATE servers SET node = :node, vmid = :vmid, updated_at = :at WHERE id = :id")
        .bind("id", id)
        .bind("node", node)
        .bind("vmid", vmid)
        .bind("at", toDb(at))
        .then();
  }

  /** Marks a server suspended by the provider, or (null) no longer suspended. */
  public Mono<Void> updateSuspension(String id, Server.Suspension suspension, Instant at) {
    return db.sql(
            "UPDATE servers SET suspended_at = :since, suspend_reason = :reason,"
                + " terminate_at = :terminate, updated_at = :at WHERE id = :id")
        .bind("id", id)
        .bind(
            "since",
            Parameter.fromOrEmpty(
                suspension == null ? null : toDb(suspension.since()), LocalDateTime.class))
        .bind(
            "reason",
            Parameter.fromOrEmpty(suspension == null ? null : suspension.reason(), String.class))
        .bind("terminate", Parameter.fromOrEmpty(terminateAt(suspension), LocalDateTime.class))
        .bind("at", toDb(at))
        .then();
  }

  private static LocalDateTime terminateAt(Server.Suspension suspension) {
    return suspension == null || suspension.terminateAt() == null
        ? null
        : toDb(suspension.terminateAt());
  }

  /** Terminated servers whose grace period has ended. */
  public Flux<Server> terminationsDue(Instant now, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM servers WHERE terminate_at <= :now ORDER BY terminate_at LIMIT :limit")
        .bind("now", toDb(now))
        .bind("limit", limit)
        .map(ServerRepository::read)
        .all();
  }

  /** Records the plan a server now has. */
  public Mono<Void> updatePlan(String id, String planId, Instant at) {
    return db.sql("UPDATE servers SET plan_id = :plan, updated_at = :at WHERE id = :id")
        .bind("id", id)
        .bind("plan", planId)
        .bind("at", toDb(at))
        .then();
  }

  /** Hands a server to another owner, with that owner's contact address. */
  public Mono<Void> updateOwner(String id, String ownerId, String email, Instant at) {
    return db.sql(
            "UPDATE servers SET owner_id = :owner, owner_email = :email, updated_at = :at"
                + " WHERE id = :id")
        .bind("id", id)
        .bind("owner", ownerId)
        .bind("email", Parameter.fromOrEmpty(email, String.class))
        .bind("at", toDb(at))
        .then();
  }

  /** Sets the contact address on every server of an owner. */
  public Mono<Long> updateOwnerEmail(String ownerId, String email, Instant at) {
    return db.sql(
            "UPDATE servers SET owner_email = :email, updated_at = :at WHERE owner_id = :owner")
        .bind("owner", ownerId)
        .bind("email", Parameter.fromOrEmpty(email, String.class))
        .bind("at", toDb(at))
        .fetch()
        .rowsUpdated();
  }

  public Mono<Void> delete(String id) {
    return db.sql("DELETE FROM servers WHERE id = :id").bind("id", id).then();
  }

  private static Server read(Readable row) {
    return new Server(
        row.get("id", String.class),
        row.get("owner_id", String.class),
        row.get("owner_email", String.class),
        row.get("cluster", String.class),
        row.get("node", String.class),
        row.get("vmid", Integer.class),
        row.get("guest_type", String.class),
        row.get("hostname", String.class),
        row.get("plan_id", String.class),
        row.get("template_id", String.class),
        ServerStatus.fromWire(row.get("status", String.class)),
        row.get("ip", String.class),
        fromDb(row.get("created_at", LocalDateTime.class)),
        fromDb(row.get("updated_at", LocalDateTime.class)),
        suspension(row));
  }

  private static Server.Suspension suspension(Readable row) {
    LocalDateTime since = row.get("suspended_at", LocalDateTime.class);
    return since == null
        ? null
        : new Server.Suspension(
            fromDb(since),
            row.get("suspend_reason", String.class),
            row.get("terminate_at", LocalDateTime.class) == null
                ? null
                : fromDb(row.get("terminate_at", LocalDateTime.class)));
  }
}
