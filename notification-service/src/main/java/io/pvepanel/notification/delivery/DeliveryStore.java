package io.pvepanel.notification.delivery;

import io.pvepanel.runtime.time.Times;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Table {@code delivery}: the outbox the worker sends from and the log users read.
 *
 * <p>Claiming is optimistic: a worker takes a due row by bumping {@code attempts} (the row's
 * version) and pushing {@code next_attempt_at} one lease ahead, so several instances never attempt
 * the same row at once, and a crashed attempt is taken over when its lease runs out.
 */
@Component
public class DeliveryStore {

  private static final String COLUMNS =
      "id, event_id, kind, recipient, owner_id, server_id, subject, text_body, html_body, status,"
          + " attempts, last_error, last_reply_code, created_at, next_attempt_at, deadline_at,"
          + " sent_at, deferred_reason";

  private static final int MYSQL_DUPLICATE_ENTRY = 1062;

  /** Rows the worker may attempt: waiting for an attempt, or for the recipient's next window. */
  private static final String OPEN = "status IN ('pending', 'deferred')";

  /** A confirmation mail's body holds its one-time code: emptied once the row is final. */
  private static final String SCRUB_CODE =
      "text_body = IF(kind = 'contact.confirmation', '', text_body), html_body = IF(kind ="
          + " 'contact.confirmation', '', html_body)";

  private final DatabaseClient db;
  private final Clock clock;
  private final DeliveryProperties properties;
  private final DeliveryWorker.Wakeup wakeup;

  DeliveryStore(
      DatabaseClient db, Clock clock, DeliveryProperties properties, DeliveryWorker.Wakeup wakeup) {
    this.db = db;
    this.clock = clock;
    this.properties = properties;
    this.wakeup = wakeup;
  }

  /**
   * Stores a pending delivery unless one exists for the same (event, recipient, kind); completes
   * with true when it was new. The worker is woken so it need not wait for its next poll.
   */
  public Mono<Boolean> insertIfAbsent(NewDelivery d) {
    Instant now = clock.instant();
    var spec =
        db.sql(
                "INSERT INTO delivery (event_id, kind, recipient, owner_id, server_id, subject,"
                    + " text_body, html_body, status, attempts, created_at, next_attempt_at,"
                    + " deadline_at) VALUES (:eventId, :kind, :recipient, :ownerId, :serverId,"
                    + " :subject, :text, :html, 'pending', 0, :now, :now, :deadline)")
            .bind("eventId", d.eventId().toString())
            .bind("kind", d.kind().code())
            .bind("recipient", d.recipient())
            .bind("ownerId", d.ownerId());
    spec =
        d.serverId() == null
            ? spec.bindNull("serverId", String.class)
            : spec.bind("serverId", d.serverId());
    return spec.bind("subject", truncate(d.mail().subject(), 500))
        .bind("text", d.mail().text())
        .bind("html", d.mail().html())
        .bind("now", Times.toDb(now))
        .bind("deadline", Times.toDb(now.plus(properties.deadline())))
        .fetch()
        .rowsUpdated()
        .map(n -> n == 1)
        // the unique key (event_id, recipient, kind) makes a redelivered event a no-op
        .onErrorResume(DeliveryStore::isDuplicateKey, e -> Mono.just(false))
        .doOnNext(
            inserted -> {
              if (inserted) {
                wakeup.signal();
              }
            });
  }

  Flux<Delivery> findDue(Instant now, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM delivery WHERE "
                + OPEN
                + " AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit")
        .bind("now", Times.toDb(now))
        .bind("limit", limit)
        .map(DeliveryStore::map)
        .all();
  }

  /** Takes the row for one attempt; true when this caller won it. */
  Mono<Boolean> claim(Delivery d, Instant now, Instant leaseUntil) {
    return db.sql(
            "UPDATE delivery SET attempts = attempts + 1, next_attempt_at = :lease WHERE id = :id"
                + " AND "
                + OPEN
                + " AND attempts = :attempts AND next_attempt_at <= :now")
        .bind("lease", Times.toDb(leaseUntil))
        .bind("id", d.id())
        .bind("attempts", d.attempts())
        .bind("now", Times.toDb(now))
        .fetch()
        .rowsUpdated()
        .map(n -> n == 1);
  }

  /** The server accepted the message (250 after DATA). */
  Mono<Void> markSent(long id, Instant at) {
    return db.sql(
            "UPDATE delivery SET status = 'sent', sent_at = :at, last_error = NULL,"
                + " deferred_reason = NULL, last_reply_code = 250, "
                + SCRUB_CODE
                + " WHERE id = :id AND "
                + OPEN)
        .bind("at", Times.toDb(at))
        .bind("id", id)
        .then();
  }

  /** A final failure: {@code failed} (5xx, unsendable) or {@code expired} (deadline passed). */
  Mono<Void> markFinal(long id, int attempt, String status, int code, String error) {
    return outcome(
        "UPDATE delivery SET status = :status, last_error = :error, last_reply_code = :code,"
            + " deferred_reason = NULL, "
            + SCRUB_CODE
            + " WHERE id = :id AND "
            + OPEN
            + " AND attempts = :attempt",
        id,
        attempt,
        code,
        error,
        null,
        status);
  }

  /** A transient failure: try again at {@code next}. */
  Mono<Void> reschedule(long id, int attempt, Instant next, int code, String error) {
    return outcome(
        "UPDATE delivery SET status = 'pending', deferred_reason = NULL, next_attempt_at = :next,"
            + " last_error = :error, last_reply_code = :code WHERE id = :id AND "
            + OPEN
            + " AND attempts = :attempt",
        id,
        attempt,
        code,
        error,
        next,
        null);
  }

  /**
   * The recipient's budget is spent: the claimed attempt is given back ({@code attempts} as before
   * the claim) and the row waits, {@code deferred}, until {@code until} (its recipient's window
   * ends). Nothing is dropped.
   */
  Mono<Void> defer(long id, int attempt, Instant until, String reason) {
    return db.sql(
            "UPDATE delivery SET status = 'deferred', attempts = attempts - 1, next_attempt_at ="
                + " :until, deferred_reason = :reason WHERE id = :id AND "
                + OPEN
                + " AND attempts = :attempt")
        .bind("until", Times.toDb(until))
        .bind("reason", truncate(reason, 200))
        .bind("id", id)
        .bind("attempt", attempt)
        .then();
  }

  private Mono<Void> outcome(
      String sql, long id, int attempt, int code, String error, Instant next, String status) {
    var spec =
        db.sql(sql)
            .bind("id", id)
            .bind("attempt", attempt)
            .bind("error", truncate(error == null ? "" : error, 1000));
    spec = code > 0 ? spec.bind("code", code) : spec.bindNull("code", Integer.class);
    if (next != null) {
      spec = spec.bind("next", Times.toDb(next));
    }
    if (status != null) {
      spec = spec.bind("status", status);
    }
    return spec.then();
  }

  /** A page of the log, newest first; {@code ownerId} null means every owner. */
  Flux<Delivery> page(String ownerId, int page, int size) {
    String where = ownerId == null ? "" : " WHERE owner_id = :ownerId";
    var spec =
        db.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM delivery"
                    + where
                    + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
            .bind("limit", size)
            .bind("offset", (long) page * size);
    if (ownerId != null) {
      spec = spec.bind("ownerId", ownerId);
    }
    return spec.map(DeliveryStore::map).all();
  }

  Mono<Long> count(String ownerId) {
    var spec =
        db.sql(
            "SELECT COUNT(*) AS n FROM delivery"
                + (ownerId == null ? "" : " WHERE owner_id = :ownerId"));
    if (ownerId != null) {
      spec = spec.bind("ownerId", ownerId);
    }
    return spec.map(row -> row.get("n", Long.class)).one();
  }

  private static Delivery map(Readable r) {
    return new Delivery(
        r.get("id", Long.class),
        UUID.fromString(r.get("event_id", String.class)),
        r.get("kind", String.class),
        r.get("recipient", String.class),
        r.get("owner_id", String.class),
        r.get("server_id", String.class),
        r.get("subject", String.class),
        r.get("text_body", String.class),
        r.get("html_body", String.class),
        r.get("status", String.class),
        r.get("attempts", Integer.class),
        r.get("last_error", String.class),
        r.get("last_reply_code", Integer.class),
        Times.fromDb(r.get("created_at", LocalDateTime.class)),
        Times.fromDb(r.get("next_attempt_at", LocalDateTime.class)),
        Times.fromDb(r.get("deadline_at", LocalDateTime.class)),
        Times.fromDb(r.get("sent_at", LocalDateTime.class)),
        r.get("deferred_reason", String.class));
  }

  private static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DuplicateKeyException) {
        return true;
      }
      if (t instanceof R2dbcException r && r.getErrorCode() == MYSQL_DUPLICATE_ENTRY) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
