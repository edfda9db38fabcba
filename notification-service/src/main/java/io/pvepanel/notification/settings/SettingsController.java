package io.pvepanel.notification.settings;

import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's contact settings. */
@RestController
@RequestMapping("/api/notifications/settings")
class SettingsController {

  private final SettingsStore store;

  SettingsController(SettingsStore store) {
    this.store = store;
  }

  @GetMapping
  Mono<SettingsView> get() {
    return CurrentUser.current()
        .flatMap(user -> store.find(user.id()).map(s -> SettingsView.of(s, user)));
  }

  @PutMapping
  Mono<SettingsView> put(@Valid @RequestBody SettingsRequest request) {
    return CurrentUser.current()
        .flatMap(
            user -> store.save(request.toSettings(user.id())).map(s -> SettingsView.of(s, user)));
  }

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

    ContactSettings toSettings(String userId) {
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
      String address = email == null || email.isBlank() ? null : email.strip();
      return new ContactSettings(userId, address, kinds, true);
    }
  }

  /**
   * @param email the chosen address, null when the account's own is used
   * @param effectiveEmail where mail goes now (the token's {@code email} when none was chosen;
   *     events carry the owner's address too)
   */
  record SettingsView(
      String email,
      String effectiveEmail,
      boolean alertFiring,
      boolean alertResolved,
      boolean passwordChanged,
      boolean serverDeleted,
      boolean operationFailed) {

    static SettingsView of(ContactSettings s, CurrentUser user) {
      return new SettingsView(
          s.email(),
          s.addressOr(user.email()),
          s.wants(NotificationKind.ALERT_FIRING),
          s.wants(NotificationKind.ALERT_RESOLVED),
          s.wants(NotificationKind.PASSWORD_CHANGED),
          s.wants(NotificationKind.SERVER_DELETED),
          s.wants(NotificationKind.OPERATION_FAILED));
    }
  }
}
