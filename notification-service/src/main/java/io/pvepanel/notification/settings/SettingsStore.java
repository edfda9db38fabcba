package io.pvepanel.notification.settings;

import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.runtime.time.Times;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumSet;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Contact settings in table {@code contact_settings}: the kinds, the confirmed address ({@code
 * email}) and a pending one with the SHA-256 of its one-time code. The confirmation steps are
 * single conditional {@code UPDATE}s, so instances sharing the database agree on them.
 */
@Component
public class SettingsStore {

  private static final String COLUMNS =
      "user_id, email, pending_email, confirmation_sent_at, alert_firing, alert_resolved,"
          + " password_changed, server_deleted, operation_failed";

  private final DatabaseClient db;
  private final Clock clock;

  SettingsStore(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The user's settings, or the defaults when they never saved any. */
  public Mono<ContactSettings> find(String userId) {
    return db.sql("SELECT " + COLUMNS + " FROM contact_settings WHERE user_id = :userId")
        .bind("userId", userId)
        .map(SettingsStore::map)
        .one()
        .defaultIfEmpty(ContactSettings.defaults(userId));
  }

  /**
   * Writes kinds, confirmed and pending address. A pending address that changes (or goes) takes its
   * code with it; an unchanged one keeps its code.
   */
  Mono<ContactSettings> save(ContactSettings s) {
    var spec =
        db.sql(
                "INSERT INTO contact_settings (user_id, email, pending_email, alert_firing,"
                    + " alert_resolved, password_changed, server_deleted, operation_failed,"
                    + " updated_at) VALUES (:userId, :email, :pending, :af, :ar, :pc, :sd, :of,"
                    + " :at) ON DUPLICATE KEY UPDATE"
                    // assignments run left to right: the code columns see the old pending_email
                    + " pending_code_sha256 = IF(pending_email <=> VALUES(pending_email),"
                    + " pending_code_sha256, NULL), pending_expires_at = IF(pending_email <=>"
                    + " VALUES(pending_email), pending_expires_at, NULL), pending_failed_tries ="
                    + " IF(pending_email <=> VALUES(pending_email), pending_failed_tries, 0),"
                    + " pending_email = VALUES(pending_email), email = VALUES(email),"
                    + " alert_firing = VALUES(alert_firing), alert_resolved ="
                    + " VALUES(alert_resolved), password_changed = VALUES(password_changed),"
                    + " server_deleted = VALUES(server_deleted), operation_failed ="
                    + " VALUES(operation_failed), updated_at = VALUES(updated_at)")
            .bind("userId", s.userId());
    spec = s.email() == null ? spec.bindNull("email", String.class) : spec.bind("email", s.email());
    spec =
        s.pendingEmail() == null
            ? spec.bindNull("pending", String.class)
            : spec.bind("pending", s.pendingEmail());
    return spec.bind("af", s.wants(NotificationKind.ALERT_FIRING))
        .bind("ar", s.wants(NotificationKind.ALERT_RESOLVED))
        .bind("pc", s.wants(NotificationKind.PASSWORD_CHANGED))
        .bind("sd", s.wants(NotificationKind.SERVER_DELETED))
        .bind("of", s.wants(NotificationKind.OPERATION_FAILED))
        .bind("at", Times.toDb(clock.instant()))
        .then()
        .then(find(s.userId()));
  }

  /**
   * Gives the pending address {@code pendingEmail} a new code, unless the user's last confirmation
   * mail is more recent than {@code notBefore}; true when the code was stored (and a mail may go).
   */
  Mono<Boolean> issueCode(
      String userId, String pendingEmail, String codeSha256, Instant expiresAt, Instant notBefore) {
    return db.sql(
            "UPDATE contact_settings SET pending_code_sha256 = :hash, pending_expires_at ="
                + " :expires, pending_failed_tries = 0, confirmation_sent_at = :now WHERE user_id ="
                + " :userId AND pending_email = :pending AND (confirmation_sent_at IS NULL OR"
                + " confirmation_sent_at <= :notBefore)")
        .bind("hash", codeSha256)
        .bind("expires", Times.toDb(expiresAt))
        .bind("now", Times.toDb(clock.instant()))
        .bind("userId", userId)
        .bind("pending", pendingEmail)
        .bind("notBefore", Times.toDb(notBefore))
        .fetch()
        .rowsUpdated()
        .map(n -> n == 1);
  }

  /**
   * Confirms the pending address when {@code codeSha256} is its code, unexpired and not worn out by
   * wrong tries; the code is used up. True when confirmed; otherwise a wrong try is counted.
   */
  Mono<Boolean> confirm(String userId, String codeSha256, Instant now, int maxTries) {
    Mono<Long> confirmed =
        db.sql(
                "UPDATE contact_settings SET email = pending_email, pending_email = NULL,"
                    + " pending_code_sha256 = NULL, pending_expires_at = NULL,"
                    + " pending_failed_tries = 0 WHERE user_id = :userId AND pending_email IS NOT"
                    + " NULL AND pending_code_sha256 = :hash AND pending_expires_at > :now AND"
                    + " pending_failed_tries < :max")
            .bind("userId", userId)
            .bind("hash", codeSha256)
            .bind("now", Times.toDb(now))
            .bind("max", maxTries)
            .fetch()
            .rowsUpdated();
    Mono<Long> wrongTry =
        db.sql(
                "UPDATE contact_settings SET pending_failed_tries = pending_failed_tries + 1"
                    + " WHERE user_id = :userId AND pending_code_sha256 IS NOT NULL")
            .bind("userId", userId)
            .fetch()
            .rowsUpdated();
    return confirmed.flatMap(n -> n == 1 ? Mono.just(true) : wrongTry.thenReturn(false));
  }

  private static ContactSettings map(Readable row) {
    EnumSet<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
    add(kinds, row, "alert_firing", NotificationKind.ALERT_FIRING);
    add(kinds, row, "alert_resolved", NotificationKind.ALERT_RESOLVED);
    add(kinds, row, "password_changed", NotificationKind.PASSWORD_CHANGED);
    add(kinds, row, "server_deleted", NotificationKind.SERVER_DELETED);
    add(kinds, row, "operation_failed", NotificationKind.OPERATION_FAILED);
    return new ContactSettings(
        row.get("user_id", String.class),
        row.get("email", String.class),
        row.get("pending_email", String.class),
        Times.fromDb(row.get("confirmation_sent_at", LocalDateTime.class)),
        kinds,
        true);
  }

  private static void add(
      EnumSet<NotificationKind> kinds, Readable row, String column, NotificationKind kind) {
    Boolean on = row.get(column, Boolean.class);
    if (Boolean.TRUE.equals(on)) {
      kinds.add(kind);
    }
  }
}
