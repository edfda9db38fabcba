package io.pvepanel.notification.settings;

import io.pvepanel.notification.delivery.DeliveryStore;
import io.pvepanel.notification.delivery.NewDelivery;
import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.notification.template.Notifications;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.security.Digests;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.TooManyRequestsException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Contact settings with the address confirmation (docs/security.md, "Mail"): a newly chosen address
 * is stored pending and gets a confirmation mail with a one-time code (only its SHA-256 is stored;
 * it expires, is used up by its confirmation and void after {@code maxTries} wrong tries); until
 * confirmed it receives nothing else, and mail goes to the previous confirmed address or the
 * account's own. The account's own address (the token's {@code email}) counts as confirmed. One
 * confirmation mail per user per {@code resendInterval}; the per-recipient mail budget of the
 * delivery worker applies to confirmation mails too.
 */
@Service
class ContactAddresses {

  /** No look-alikes (0/O, 1/I/L): 31 symbols, ~4.95 bits each; 10 of them ~49.5 bits. */
  private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

  private static final int CODE_LENGTH = 10;

  private final SettingsStore store;
  private final DeliveryStore deliveries;
  private final ConfirmationProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ContactAddresses(
      SettingsStore store,
      DeliveryStore deliveries,
      ConfirmationProperties properties,
      Clock clock) {
    this.store = store;
    this.deliveries = deliveries;
    this.properties = properties;
    this.clock = clock;
  }

  Mono<ContactSettings> find(CurrentUser user) {
    return store.find(user.id());
  }

  /**
   * Saves the kinds and the chosen address ({@code null}: the account's own). An address that is
   * neither the confirmed one nor the account's becomes pending, and a confirmation mail is sent
   * unless it was pending already (then {@link #resend} asks for another).
   */
  Mono<ContactSettings> save(CurrentUser user, String address, Set<NotificationKind> kinds) {
    return store
        .find(user.id())
        .flatMap(
            current -> {
              String confirmed = current.email();
              String pending = current.pendingEmail();
              boolean mail = false;
              if (address == null) {
                confirmed = null;
                pending = null;
              } else if (address.equalsIgnoreCase(nullToEmpty(confirmed))
                  || address.equalsIgnoreCase(nullToEmpty(user.email()))) {
                confirmed = address;
                pending = null;
              } else if (!address.equalsIgnoreCase(nullToEmpty(pending))) {
                Duration wait = waitBeforeMail(current);
                if (!wait.isZero()) {
                  return Mono.error(tooSoon(wait));
                }
                pending = address;
                mail = true;
              }
              ContactSettings next =
                  new ContactSettings(
                      user.id(), confirmed, pending, current.confirmationSentAt(), kinds, true);
              Mono<ContactSettings> saved = store.save(next);
              return mail ? saved.flatMap(s -> sendCode(s).then(store.find(user.id()))) : saved;
            });
  }

  /** Another confirmation mail for the pending address; 409 without one, 429 when too soon. */
  Mono<ContactSettings> resend(CurrentUser user) {
    return store
        .find(user.id())
        .flatMap(
            current -> {
              if (current.pendingEmail() == null) {
                return Mono.error(new ConflictException("No address waits for confirmation."));
              }
              Duration wait = waitBeforeMail(current);
              if (!wait.isZero()) {
                return Mono.error(tooSoon(wait));
              }
              return sendCode(current).then(store.find(user.id()));
            });
  }

  /** Confirms the pending address with its code; a wrong, used or expired code is a 400. */
  Mono<ContactSettings> confirm(CurrentUser user, String code) {
    String normalized = normalize(code);
    return store
        .confirm(user.id(), Digests.sha256Hex(normalized), clock.instant(), properties.maxTries())
        .flatMap(
            ok ->
                ok
                    ? store.find(user.id())
                    : Mono.error(
                        new InvalidFieldException(
                            "code", "code is wrong, used or expired; ask for a new one.")));
  }

  private Mono<Void> sendCode(ContactSettings s) {
    Instant now = clock.instant();
    String code = newCode();
    Instant expires = now.plus(properties.codeValidity());
    return store
        .issueCode(
            s.userId(),
            s.pendingEmail(),
            Digests.sha256Hex(code),
            expires,
            now.minus(properties.resendInterval()))
        .flatMap(
            issued -> {
              if (!issued) {
                // another request of the same user got there first
                return Mono.error(tooSoon(properties.resendInterval()));
              }
              String link = properties.linkBase().isBlank() ? null : properties.linkBase() + code;
              return deliveries
                  .insertIfAbsent(
                      new NewDelivery(
                          UUID.randomUUID(),
                          NotificationKind.CONTACT_CONFIRMATION,
                          s.pendingEmail(),
                          s.userId(),
                          null,
                          Notifications.confirmation(display(code), expires, link)))
                  .then();
            });
  }

  private Duration waitBeforeMail(ContactSettings s) {
    if (s.confirmationSentAt() == null) {
      return Duration.ZERO;
    }
    Duration wait =
        Duration.between(clock.instant(), s.confirmationSentAt().plus(properties.resendInterval()));
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static TooManyRequestsException tooSoon(Duration wait) {
    Duration rounded = Duration.ofSeconds(Math.max(1, (wait.toMillis() + 999) / 1000));
    return new TooManyRequestsException(
        "A confirmation mail was sent recently; ask again in " + rounded.toSeconds() + " s.",
        rounded);
  }

  private String newCode() {
    char[] c = new char[CODE_LENGTH];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }

  /** {@code ABCDEFGHJK} as {@code ABCDE-FGHJK}: easier to type; the dash is ignored. */
  static String display(String code) {
    return code.substring(0, CODE_LENGTH / 2) + "-" + code.substring(CODE_LENGTH / 2);
  }

  /** Upper case without spaces and dashes, as typed or pasted. */
  static String normalize(String code) {
    return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
