package io.pvepanel.control.password;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.operation.OperationSpec;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.Upid;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A new random root password, returned once in the response and stored and logged nowhere.
 * Containers get it through SSH to their node ({@code pct exec <vmid> -- chpasswd}, password on
 * stdin), VMs through the guest agent. Only a success is reported as one.
 *
 * <p>The change is an operation ({@code password.change}) without a Proxmox task: it holds the
 * server's operation lock like any other, so it never runs beside a restart, a rollback or another
 * change (409), and it appears in the operations and the audit log with its outcome. A caller that
 * hangs up does not stop it: the password is then set and mailed about, but shown to no one
 * (another change issues a new one).
 */
@RestController
class PasswordController {

  static final String ACTION = "password.change";

  private final ServerAccess access;
  private final OperationService operations;
  private final AuditLog audit;
  private final Outbox outbox;
  private final PasswordGenerator generator;
  private final ControlProperties properties;
  private final Clock clock;

  PasswordController(
      ServerAccess access,
      OperationService operations,
      AuditLog audit,
      Outbox outbox,
      PasswordGenerator generator,
      ControlProperties properties,
      Clock clock) {
    this.access = access;
    this.operations = operations;
    this.audit = audit;
    this.outbox = outbox;
    this.generator = generator;
    this.properties = properties;
    this.clock = clock;
  }

  /** The one response that carries a password; never cached by anything in between. */
  record NewPassword(String username, String password) {}

  @PostMapping("/api/server/{id}/change-password")
  Mono<ResponseEntity<NewPassword>> change(@PathVariable String id) {
    return CurrentUser.current()
        .flatMap(
            user ->
                access
                    .visible(user, id)
                    .flatMap(server -> underLimit(server).thenReturn(server))
                    .flatMap(server -> apply(user, server)))
        .map(
            pw ->
                ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore())
                    .header("Pragma", "no-cache")
                    .body(pw));
  }

  private Mono<Void> underLimit(Server server) {
    Duration window = Duration.ofHours(1);
    return audit
        .countSince(server.id(), ACTION, Operation.SUCCEEDED, clock.instant().minus(window))
        .flatMap(
            n ->
                n >= properties.passwordChangesPerHour()
                    ? Mono.error(
                        new TooManyRequestsException(
                            "The root password of this server was changed "
                                + n
                                + " times in the last hour",
                            Duration.ofMinutes(10)))
                    : Mono.empty());
  }

  private Mono<NewPassword> apply(CurrentUser user, Server server) {
    AtomicReference<String> issued = new AtomicReference<>();
    OperationSpec spec =
        new OperationSpec(
            ACTION,
            null,
            client -> setPassword(client, server, issued).then(Mono.<Upid>empty()),
            null,
            (s, op) -> outbox.append(Topics.SERVER_EVENTS, passwordChanged(s)));
    return operations
        .submit(user, server, spec)
        .flatMap(
            op ->
                Operation.SUCCEEDED.equals(op.state()) && issued.get() != null
                    ? Mono.just(new NewPassword("root", issued.get()))
                    : Mono.error(
                        new IllegalStateException(
                            "The password change was not recorded as done: " + op.state())));
  }

  private Mono<Void> setPassword(
      ProxmoxClient client, Server server, AtomicReference<String> issued) {
    return Mono.defer(
        () -> {
          char[] generated = generator.generate(properties.passwordLength());
          String password = new String(generated);
          Arrays.fill(generated, '\0');
          return (GuestType.of(server.guestType()) == GuestType.LXC
                  ? client.setLxcRootPassword(server.ref(), password)
                  : client.setQemuUserPassword(server.ref(), "root", password))
              .then(Mono.fromRunnable(() -> issued.set(password)));
        });
  }

  private ServerEvent passwordChanged(Server server) {
    return server.event(ServerEvent.PASSWORD_CHANGED, clock.instant(), null, null);
  }
}
