package io.pvepanel.notification.settings;

import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.runtime.time.Times;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.util.EnumSet;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Contact settings in table {@code contact_settings}. */
@Component
public class SettingsStore {

  private final DatabaseClient db;
  private final Clock clock;

  SettingsStore(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The user's settings, or the defaults when they never saved any. */
  public Mono<ContactSettings> find(String userId) {
    return db.sql(
            "SELECT user_id, email, alert_firing, alert_resolved, password_changed, server_deleted,"
                + " operation_failed FROM contact_settings WHERE user_id = :userId")
        .bind("userId", userId)
        .map(SettingsStore::map)
        .one()
        .defaultIfEmpty(ContactSettings.defaults(userId));
  }

  Mono<ContactSettings> save(ContactSettings s) {
    var spec =
        db.sql(
                "INSERT INTO contact_settings (user_id, email, alert_firing, alert_resolved,"
                    + " password_changed, server_deleted, operation_failed, updated_at) VALUES"
                    + " (:userId, :email, :af, :ar, :pc, :sd, :of, :at) ON DUPLICATE KEY UPDATE"
                    + " email = VALUES(email), alert_firing = VALUES(alert_firing),"
                    + " alert_resolved = VALUES(alert_resolved), password_changed ="
                    + " VALUES(password_changed), server_deleted = VALUES(server_deleted),"
                    + " operation_failed = VALUES(operation_failed), updated_at ="
                    + " VALUES(updated_at)")
            .bind("userId", s.userId());
    spec = s.email() == null ? spec.bindNull("email", String.class) : spec.bind("email", s.email());
    return spec.bind("af", s.wants(NotificationKind.ALERT_FIRING))
        .bind("ar", s.wants(NotificationKind.ALERT_RESOLVED))
        .bind("pc", s.wants(NotificationKind.PASSWORD_CHANGED))
        .bind("sd", s.wants(NotificationKind.SERVER_DELETED))
        .bind("of", s.wants(NotificationKind.OPERATION_FAILED))
        .bind("at", Times.toDb(clock.instant()))
        .then()
        .then(find(s.userId()));
  }

  private static ContactSettings map(Readable row) {
    EnumSet<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
    add(kinds, row, "alert_firing", NotificationKind.ALERT_FIRING);
    add(kinds, row, "alert_resolved", NotificationKind.ALERT_RESOLVED);
    add(kinds, row, "password_changed", NotificationKind.PASSWORD_CHANGED);
    add(kinds, row, "server_deleted", NotificationKind.SERVER_DELETED);
    add(kinds, row, "operation_failed", NotificationKind.OPERATION_FAILED);
    return new ContactSettings(
        row.get("user_id", String.class), row.get("email", String.class), kinds, true);
  }

  private static void add(
      EnumSet<NotificationKind> kinds, Readable row, String column, NotificationKind kind) {
    Boolean on = row.get(column, Boolean.class);
    if (Boolean.TRUE.equals(on)) {
      kinds.add(kind);
    }
  }
}
