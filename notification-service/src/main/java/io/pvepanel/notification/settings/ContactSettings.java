package io.pvepanel.notification.settings;

import io.pvepanel.notification.template.NotificationKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where and about what one user is notified.
 *
 * @param email the chosen, confirmed address; null means "the owner's address" (from the event, or
 *     for the API the token's {@code email}), which is the hosting site's own and needs no
 *     confirmation
 * @param pendingEmail a newly chosen address waiting for its confirmation; it receives nothing but
 *     the confirmation mail, and mail goes to {@code email} (or the owner's address) meanwhile
 * @param confirmationSentAt when the last confirmation mail was asked for, null if never
 * @param kinds the kinds the user receives
 * @param stored whether the user ever saved settings (otherwise these are the defaults)
 */
public record ContactSettings(
    String userId,
    String email,
    String pendingEmail,
    Instant confirmationSentAt,
    Set<NotificationKind> kinds,
    boolean stored) {

  public ContactSettings {
    kinds = kinds.isEmpty() ? EnumSet.noneOf(NotificationKind.class) : EnumSet.copyOf(kinds);
  }

  /** Everything on, owner's address. */
  public static ContactSettings defaults(String userId) {
    return new ContactSettings(
        userId, null, null, null, EnumSet.allOf(NotificationKind.class), false);
  }

  public boolean wants(NotificationKind kind) {
    return kinds.contains(kind);
  }

  /** The address to use, given the owner's own; null when there is none. Never a pending one. */
  public String addressOr(String ownerEmail) {
    if (email != null && !email.isBlank()) {
      return email;
    }
    return ownerEmail == null || ownerEmail.isBlank() ? null : ownerEmail.strip();
  }
}
