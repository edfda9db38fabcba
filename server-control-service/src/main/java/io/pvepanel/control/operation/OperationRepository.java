package io.pvepanel.control.operation;

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

/** Operations; {@code active_lock} holds the server id while one is queued or running. */
@Repository
public class OperationRepository {

  private static final String COLUMNS =
      "id, server_id, kind, state, upid, error, requested_by, started_at, finished_at";

  private final DatabaseClient db;

  OperationRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Inserts a queued operation holding the server's lock. Fails with a duplicate-key error when
   * another operation holds it: two concurrent requests cannot both pass.
   */
  public Mono<Void> insertQueued(Operation o) {
    return db.sql(
            "INSERT INTO operations ("
                + COLUMNS
                + ", active_lock) VALUES (:id, :server, :kind, :state, NULL, NULL, :by, :at, NULL,"
                + " :server)")
        .bind("id", o.id())
        .bind("server", o.serverId())
        .bind("kind", o.kind())
        .bind("state", Operation.QUEUED)
        .bind("by", o.requestedBy())
        .bind("at", toDb(o.startedAt()))
        .then();
  }

  public Mono<Void> markRunning(String id, String upid) {
    return db.sql("UPDATE operations SET state = :state, upid = :upid WHERE id = :id")
        .bind("id", id)
        .bind("state", Operation.RUNNING)
        .bind("upid", upid)
        .then();
  }

  /** Ends an operation and releases the server's lock; a no-op if it already ended. */
  public Mono<Boolean> finish(String id, String state, String error, Instant at) {
    return db.sql(
            "UPDATE operations SET state = :state, error = :error, finished_at = :at,"
                + " active_lock = NULL WHERE id = :id AND finished_at IS NULL")
        .bind("id", id)
        .bind("state", state)
        .bind("error", Parameter.fromOrEmpty(truncate(error), String.class))
        .bind("at", toDb(at))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  public Mono<Operation> findById(String id) {
    return db.sql("SELECT " + COLUMNS + " FROM operations WHERE id = :id")
        .bind("id", id)
        .map(OperationRepository::read)
        .one();
  }

  public Flux<Operation> findByServer(String serverId, int limit, int offset) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM operations WHERE server_id = :server"
                + " ORDER BY started_at DESC, id LIMIT :limit OFFSET :offset")
        .bind("server", serverId)
        .bind("limit", limit)
        .bind("offset", offset)
        .map(OperationRepository::read)
        .all();
  }

  public Flux<Operation> findUnfinished() {
    return db.sql("SELECT " + COLUMNS + " FROM operations WHERE finished_at IS NULL")
        .map(OperationRepository::read)
        .all();
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 1000 ? error : error.substring(0, 997) + "...";
  }

  private static Operation read(Readable r) {
    return new Operation(
        r.get("id", String.class),
        r.get("server_id", String.class),
        r.get("kind", String.class),
        r.get("state", String.class),
        r.get("upid", String.class),
        r.get("error", String.class),
        r.get("requested_by", String.class),
        fromDb(r.get("started_at", LocalDateTime.class)),
        fromDb(r.get("finished_at", LocalDateTime.class)));
  }
}
