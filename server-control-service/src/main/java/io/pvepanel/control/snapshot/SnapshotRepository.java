package io.pvepanel.control.snapshot;

import static io.pvepanel.runtime.time.Times.fromDb;
import static io.pvepanel.runtime.time.Times.toDb;

import java.time.LocalDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class SnapshotRepository {

  private final DatabaseClient db;

  SnapshotRepository(DatabaseClient db) {
    this.db = db;
  }

  Flux<SnapshotRecord> forServer(String serverId) {
    return db.sql(
            "SELECT id, server_id, name, description, parent, created_at FROM snapshots"
                + " WHERE server_id = :server ORDER BY created_at, name")
        .bind("server", serverId)
        .map(
            r ->
                new SnapshotRecord(
                    r.get("id", String.class),
                    r.get("server_id", String.class),
                    r.get("name", String.class),
                    r.get("description", String.class),
                    r.get("parent", String.class),
                    fromDb(r.get("created_at", LocalDateTime.class))))
        .all();
  }

  /** Inserts, or refreshes description and parent when the name is already recorded. */
  Mono<Void> upsert(SnapshotRecord s) {
    return db.sql(
            "INSERT INTO snapshots (id, server_id, name, description, parent, created_at)"
                + " VALUES (:id, :server, :name, :description, :parent, :created)"
                + " ON DUPLICATE KEY UPDATE description = VALUES(description),"
                + " parent = VALUES(parent)")
        .bind("id", s.id())
        .bind("server", s.serverId())
        .bind("name", s.name())
        .bind("description", s.description() == null ? "" : s.description())
        .bind("parent", Parameter.fromOrEmpty(s.parent(), String.class))
        .bind("created", toDb(s.createdAt()))
        .then();
  }

  Mono<Void> delete(String serverId, String name) {
    return db.sql("DELETE FROM snapshots WHERE server_id = :server AND name = :name")
        .bind("server", serverId)
        .bind("name", name)
        .then();
  }

  Mono<Void> deleteAll(String serverId) {
    return db.sql("DELETE FROM snapshots WHERE server_id = :server")
        .bind("server", serverId)
        .then();
  }
}
