package io.pvepanel.control.audit;

import static io.pvepanel.runtime.time.Times.fromDb;
import static io.pvepanel.runtime.time.Times.toDb;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The audit log: who did what to which server, when, and how it ended. Callers pass details that
 * hold no secret; passwords are never written here.
 */
@Component
public class AuditLog {

  /** One audit entry. {@code result} is {@code requested}, {@code succeeded} or {@code failed}. */
  public record Entry(
      long id,
      String serverId,
      String actorId,
      String action,
      String result,
      String detail,
      Instant at) {}

  private final DatabaseClient db;
  private final Clock clock;

  AuditLog(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Mono<Void> record(
      String serverId, String actorId, String action, String result, String detail) {
    return db.sql(
            "INSERT INTO actions (server_id, actor_id, action, result, detail, at)"
                + " VALUES (:server, :actor, :action, :result, :detail, :at)")
        .bind("server", serverId)
        .bind("actor", actorId)
        .bind("action", action)
        .bind("result", result)
        .bind(
            "detail",
            Parameter.fromOrEmpty(
                detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000),
                String.class))
        .bind("at", toDb(clock.instant()))
        .then();
  }

  /**
   * An entry about one of the provider's own objects, which has no server: {@code subject} names it
   * ({@code key:<id>}, {@code customer:<id>}).
   */
  public Mono<Void> recordAbout(
      String subject, String actorId, String action, String result, String detail) {
    return db.sql(
            "INSERT INTO actions (subject, actor_id, action, result, detail, at)"
                + " VALUES (:subject, :actor, :action, :result, :detail, :at)")
        .bind("subject", subject)
        .bind("actor", actorId)
        .bind("action", action)
        .bind("result", result)
        .bind("detail", Parameter.fromOrEmpty(detail, String.class))
        .bind("at", toDb(clock.instant()))
        .then();
  }

  /** Entries about one of the provider's objects, newest first. */
  public Flux<Entry> forSubject(String subject, int limit) {
    return db.sql(
            "SELECT id, server_id, actor_id, action, result, detail, at FROM actions"
                + " WHERE subject = :subject ORDER BY id DESC LIMIT :limit")
        .bind("subject", subject)
        .bind("limit", limit)
        .map(AuditLog::read)
        .all();
  }

  /** Newest first. */
  public Flux<Entry> forServer(String serverId, int limit, int offset) {
    return db.sql(
            "SELECT id, server_id, actor_id, action, result, detail, at FROM actions"
                + " WHERE server_id = :server ORDER BY id DESC LIMIT :limit OFFSET :offset")
        .bind("server", serverId)
        .bind("limit", limit)
        .bind("offset", offset)
        .map(AuditLog::read)
        .all();
  }

  private static Entry read(io.r2dbc.spi.Readable r) {
    return new Entry(
        r.get("id", Long.class),
        r.get("server_id", String.class),
        r.get("actor_id", String.class),
        r.get("action", String.class),
        r.get("result", String.class),
        r.get("detail", String.class),
        fromDb(r.get("at", LocalDateTime.class)));
  }

  /** Entries of one action kind for a server since a time, for rate limits. */
  public Mono<Long> countSince(String serverId, String action, String result, Instant since) {
    return db.sql(
            "SELECT COUNT(*) AS n FROM actions WHERE server_id = :server AND action = :action"
                + " AND result = :result AND at >= :since")
        .bind("server", serverId)
        .bind("action", action)
        .bind("result", result)
        .bind("since", toDb(since))
        .map(r -> r.get("n", Long.class))
        .one();
  }
}
