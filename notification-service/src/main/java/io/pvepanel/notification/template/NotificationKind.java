package io.pvepanel.notification.template;

import java.util.Arrays;
import java.util.Optional;

/** What a notification is about; each user chooses which kinds they receive. */
public enum NotificationKind {
  /** An alert started firing (also its repeat reminders). */
  ALERT_FIRING("alert.firing"),
  /** An alert stopped firing. */
  ALERT_RESOLVED("alert.resolved"),
  /** A server's root password was changed. */
  PASSWORD_CHANGED("server.password-changed"),
  /** A server was deleted. */
  SERVER_DELETED("server.deleted"),
  /** An operation on a server (start, snapshot, …) failed. */
  OPERATION_FAILED("operation.failed"),
  /**
   * The one-time code confirming a newly chosen contact address; always sent (not a user choice),
   * the only mail such an address receives before it is confirmed.
   */
  CONTACT_CONFIRMATION("contact.confirmation");

  private final String code;

  NotificationKind(String code) {
    this.code = code;
  }

  /** The stable name stored in the delivery log and shown by the API. */
  public String code() {
    return code;
  }

  public static Optional<NotificationKind> ofCode(String code) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
  }
}
