package io.pvepanel.control.operation;

import static io.pvepanel.runtime.time.Times.fromDb;
import static io.pvepanel.runtime.time.Times.toDb;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operations; {@code active_lock} holds the server id while one is queued or running. Every move of
 * an unfinished operation is a compare-and-set on where it stands (step and task), so of two
 * instances that both resume it, only one moves it on.
 */
@Repository
public class OperationRepository {

  private static final String COLUMNS =
      "id, server_id, kind, state, step, upid, error, requested_by, params, started_at,"
          + " updated_at, finished_at";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};

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
                + ", active_lock) VALUES (:id, :server, :kind, :state, 0, NULL, NULL, :by,"
                + " :params, :at, :at, NULL, :server)")
        .bind("id", o.id())
        .bind("server", o.serverId())
        .bind("kind", o.kind().wire())
        .bind("state", OperationState.QUEUED.wire())
        .bind("by", o.requestedBy())
        .bind("params", JSON.writeValueAsString(o.params()))
        .bind("at", toDb(o.startedAt()))
        .then();
  }

  /**
   * Records that Proxmox accepted the current step's task, if the operation still stands where
   * {@code op} says (same step, no task yet). Emits whether it did.
   */
  public Mono<Boolean> recordTask(Operation op, String upid, Instant at) {
    return db.sql(
            "UPDATE operations SET state = :state, upid = :upid, updated_at = :at"
                + " WHERE id = :id AND step = :step AND upid IS NULL AND finished_at IS NULL")
        .bind("id", op.id())
        .bind("step", op.step())
        .bind("state", OperationState.RUNNING.wire())
        .bind("upid", upid)
        .bind("at", toDb(at))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /**
   * Moves the operation from where {@code op} says it stands to {@code step} (no task yet); emits
   * whether it did (false: another instance moved it, or it ended).
   */
  public Mono<Boolean> advance(Operation op, int step, Instant at) {
    return db.sql(
            "UPDATE operations SET step = :next, upid = NULL, updated_at = :at"
                + " WHERE id = :id AND step = :step AND "
                + (op.upid() == null ? "upid IS NULL" : "upid = :upid")
                + " AND finished_at IS NULL")
        .bind("id", op.id())
        .bind("step", op.step())
        .bind("next", step)
        .bind("at", toDb(at))
        .bindValues(op.upid() == null ? Map.of() : Map.of("upid", op.upid()))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /**
   * Takes an operation that stopped moving over: emits whether it still was as {@code op} says
   * (same step, no task, not moved since {@code op.updatedAt()}), now marked as moved at {@code
   * at}.
   */
  public Mono<Boolean> claim(Operation op, Instant at) {
    return db.sql(
            "UPDATE operations SET updated_at = :at WHERE id = :id AND step = :step"
                + " AND upid IS NULL AND updated_at = :seen AND finished_at IS NULL")
        .bind("id", op.id())
        .bind("step", op.step())
        .bind("seen", toDb(op.updatedAt()))
        .bind("at", toDb(at))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /** Ends an operation and releases the server's lock; emits false if it had ended already. */
  public Mono<Boolean> finish(String id, OperationState state, String error, Instant at) {
    return db.sql(
            "UPDATE operations SET state = :state, error = :error, finished_at = :at,"
                + " updated_at = :at, active_lock = NULL WHERE id = :id AND finished_at IS NULL")
        .bind("id", id)
        .bind("state", state.wire())
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

  /** Unfinished operations whose current step's task Proxmox accepted. */
  public Flux<Operation> findFollowable() {
    return db.sql(
            "SELECT " + COLUMNS + " FROM operations WHERE finished_at IS NULL AND upid IS NOT NULL")
        .map(OperationRepository::read)
        .all();
  }

  /**
   * Unfinished operations without a recorded task that have not moved since {@code before}: the
   * instance running them is gone.
   */
  public Flux<Operation> findStalledBefore(Instant before) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM operations WHERE finished_at IS NULL AND upid IS NULL"
                + " AND updated_at < :before")
        .bind("before", toDb(before))
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
    String params = r.get("params", String.class);
    return new Operation(
        r.get("id", String.class),
        r.get("server_id", String.class),
        OperationKind.fromWire(r.get("kind", String.class)),
        OperationState.fromWire(r.get("state", String.class)),
        r.get("step", Integer.class),
        r.get("upid", String.class),
        r.get("error", String.class),
        r.get("requested_by", String.class),
        params == null ? Map.of() : JSON.readValue(params, PARAMS),
        fromDb(r.get("started_at", LocalDateTime.class)),
        fromDb(r.get("updated_at", LocalDateTime.class)),
        fromDb(r.get("finished_at", LocalDateTime.class)));
  }
}
