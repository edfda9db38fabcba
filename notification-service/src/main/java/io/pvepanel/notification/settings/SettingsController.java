package io.pvepanel.notification.settings;

import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.EnumSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's contact settings and the confirmation of a newly chosen address. */
@RestController
@RequestMapping("/api/notifications/settings")
class SettingsController {

  private final ContactAddresses addresses;

  SettingsController(ContactAddresses addresses) {
    this.addresses = addresses;
  }

  @GetMapping
  Mono<SettingsView> get() {
    return CurrentUser.current()
        .flatMap(user -> addresses.find(user).map(s -> SettingsView.of(s, user)));
  }

  @PutMapping
  Mono<SettingsView> put(@Valid @RequestBody SettingsRequest request) {
    return CurrentUser.current()
        .flatMap(
            user ->
                addresses
                    .save(user, request.address(), request.kinds())
                    .map(s -> SettingsView.of(s, user)));
  }

  /** Confirms the pending address with the code from its confirmation mail. */
  @PostMapping("/confirm")
  Mono<SettingsView> confirm(@Valid @RequestBody ConfirmRequest request) {
    return CurrentUser.current()
        .flatMap(
            user -> addresses.confirm(user, request.code()).map(s -> SettingsView.of(s, user)));
  }

  /** Sends the pending address a new code (at most once per {@code resend-interval}). */
  @PostMapping("/confirm/resend")
  Mono<SettingsView> resend() {
    return CurrentUser.current()
        .flatMap(user -> addresses.resend(user).map(s -> SettingsView.of(s, user)));
  }

  /** The code from the confirmation mail (case, spaces and dashes do not matter). */
  record ConfirmRequest(@NotBlank @Size(max = 64) String code) {}

  /**
   * The whole settings document (PUT replaces it).
   *
   * @param email where to send; null or absent = the account's own address
   */
  record SettingsRequest(
      @Email(message = "must be a well-formed email address") @Size(max = 254) String email,
      @NotNull Boolean alertFiring,
      @NotNull Boolean alertResolved,
      @NotNull Boolean passwordChanged,
      @NotNull Boolean serverDeleted,
      @NotNull Boolean operationFailed) {

    String address() {
      return email == null || email.isBlank() ? null : email.strip();
    }

    EnumSet<NotificationKind> kinds() {
      EnumSet<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
      if (alertFiring) {
        kinds.add(NotificationKind.ALERT_FIRING);
      }
      if (alertResolved) {
        kinds.add(NotificationKind.ALERT_RESOLVED);
      }
      if (passwordChanged) {
        kinds.add(NotificationKind.PASSWORD_CHANGED);
      }
      if (serverDeleted) {
        kinds.add(NotificationKind.SERVER_DELETED);
      }
      if (operationFailed) {
        kinds.add(NotificationKind.OPERATION_FAILED);
      }
      return kinds;
    }
  }

  /**
   * @param email the chosen address (the pending one while a change waits for its confirmation),
   *     null when the account's own is used
   * @param emailState {@code confirmed} (or the account's own) or {@code pending}: a pending
   *     address receives nothing but its confirmation mail
   * @param effectiveEmail where mail goes now: the confirmed chosen address, else the token's
   *     {@code email} (events carry the owner's address too)
   * @param confirmationSentAt when the last confirmation mail was asked for, null if never
   */
  record SettingsView(
      String email,
      String emailState,
      String effectiveEmail,
      Instant confirmationSentAt,
      boolean alertFiring,
      boolean alertResolved,
      boolean passwordChanged,
      boolean serverDeleted,
      boolean operationFailed) {

    static SettingsView of(ContactSettings s, CurrentUser user) {
      boolean pending = s.pendingEmail() != null;
      return new SettingsView(
          pending ? s.pendingEmail() : s.email(),
          pending ? "pending" : "confirmed",
          s.addressOr(user.email()),
          s.confirmationSentAt(),
          s.wants(NotificationKind.ALERT_FIRING),
          s.wants(NotificationKind.ALERT_RESOLVED),
          s.wants(NotificationKind.PASSWORD_CHANGED),
          s.wants(NotificationKind.SERVER_DELETED),
          s.wants(NotificationKind.OPERATION_FAILED));
    }
  }
}
