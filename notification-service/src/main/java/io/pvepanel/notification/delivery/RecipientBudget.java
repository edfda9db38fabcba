package io.pvepanel.notification.delivery;

import io.pvepanel.runtime.time.Times;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Per-recipient mail budget in table {@code recipient_budget}: at most {@code maxMails} per fixed
 * window, the window starting with the first mail after the previous one ended. Taking a unit is
 * one conditional {@code UPDATE} of the recipient's row (InnoDB row lock), so instances sharing the
 * database share the budget and can never overspend it together.
 */
@Component
class RecipientBudget {

  private final DatabaseClient db;
  private final RecipientLimitProperties limit;

  RecipientBudget(DatabaseClient db, RecipientLimitProperties limit) {
    this.db = db;
    this.limit = limit;
  }

  /**
   * Takes one mail of {@code recipient}'s budget at {@code now}: empty when taken, otherwise the
   * instant its current window ends (when to try again).
   */
  Mono<Optional<Instant>> take(String recipient, Instant now) {
    LocalDateTime at = Times.toDb(now);
    LocalDateTime windowAgo = Times.toDb(now.minus(limit.window()));
    Mono<Long> ensureRow =
        db.sql(
                "INSERT IGNORE INTO recipient_budget (recipient, window_start, used) VALUES (:r,"
                    + " :now, 0)")
            .bind("r", recipient)
            .bind("now", at)
            .fetch()
            .rowsUpdated();
    // MySQL assigns left to right: `used` is computed from the old window_start, then the window
    // moves on; the WHERE makes the take conditional on budget left (or an ended window)
    Mono<Long> take =
        db.sql(
                "UPDATE recipient_budget SET used = IF(window_start <= :ago, 1, used + 1),"
                    + " window_start = IF(window_start <= :ago, :now, window_start) WHERE"
                    + " recipient = :r AND (window_start <= :ago OR used < :max)")
            .bind("ago", windowAgo)
            .bind("now", at)
            .bind("r", recipient)
            .bind("max", limit.maxMails())
            .fetch()
            .rowsUpdated();
    return ensureRow
        .then(take)
        .flatMap(
            n ->
                n == 1
                    ? Mono.just(Optional.<Instant>empty())
                    : db.sql("SELECT window_start FROM recipient_budget WHERE recipient = :r")
                        .bind("r", recipient)
                        .map(row -> Times.fromDb(row.get("window_start", LocalDateTime.class)))
                        .one()
                        .map(start -> Optional.of(start.plus(limit.window()))));
  }

  /** Why a delivery waits, for the log. */
  String reason() {
    return "at most "
        + limit.maxMails()
        + " mails per "
        + limit.window().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
        + " to this address; sent when the window ends";
  }
}
