package io.pvepanel.control.password;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.operation.OperationRepository;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A new random root password, returned once in the response and stored and logged nowhere.
 * Containers get it through SSH to their node ({@code pct exec <vmid> -- chpasswd}, password on
 * stdin), VMs through the guest agent. Only a success is reported as one.
 */
@RestController
class PasswordController {

  static final String ACTION = "password.change";

  private final ServerAccess access;
  private final OperationRepository operations;
  private final AuditLog audit;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final PasswordGenerator generator;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final ControlProperties properties;
  private final Clock clock;

  PasswordController(
      ServerAccess access,
      OperationRepository operations,
      AuditLog audit,
      Outbox outbox,
      TransactionalOperator tx,
      PasswordGenerator generator,
      ObjectProvider<ProxmoxClusters> clusters,
      ControlProperties properties,
      Clock clock) {
    this.access = access;
    this.operations = operations;
    this.audit = audit;
    this.outbox = outbox;
    this.tx = tx;
    this.generator = generator;
    this.clusters = clusters;
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
                    .flatMap(server -> checkAllowed(server).thenReturn(server))
                    .flatMap(server -> apply(user, server)))
        .map(
            pw ->
                ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore())
                    .header("Pragma", "no-cache")
                    .body(pw));
  }

  private Mono<Void> checkAllowed(Server server) {
    Duration window = Duration.ofHours(1);
    Mono<Void> idle =
        operations
            .findByServer(server.id(), 1, 0)
            .filter(op -> !op.finished())
            .hasElements()
            .flatMap(
                busy ->
                    busy
                        ? Mono.error(
                            new ConflictException(
                                "An operation is running on this server; try again when it ends"))
                        : Mono.empty());
    Mono<Void> underLimit =
        audit
            .countSince(server.id(), ACTION, "succeeded", clock.instant().minus(window))
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
    return idle.then(underLimit);
  }

  private Mono<NewPassword> apply(CurrentUser user, Server server) {
    return Mono.defer(
        () -> {
          char[] generated = generator.generate(properties.passwordLength());
          String password = new String(generated);
          Arrays.fill(generated, '\0');
          ProxmoxClient client = clusters.getObject().client(server.cluster());
          Mono<Void> change =
              GuestType.of(server.guestType()) == GuestType.LXC
                  ? client.setLxcRootPassword(server.ref(), password)
                  : client.setQemuUserPassword(server.ref(), "root", password);
          return change
              .then(recordSuccess(user, server))
              .thenReturn(new NewPassword("root", password))
              .onErrorResume(
                  e ->
                      audit
                          .record(
                              server.id(),
                              user.id(),
                              ACTION,
                              "failed",
                              e.getClass().getSimpleName())
                          .then(Mono.error(e)));
        });
  }

  private Mono<Void> recordSuccess(CurrentUser user, Server server) {
    ServerEvent event =
        new ServerEvent(
            UUID.randomUUID(),
            ServerEvent.PASSWORD_CHANGED,
            ServerEvent.VERSION,
            clock.instant(),
            server.id(),
            server.ownerId(),
            server.ownerEmail(),
            server.hostname(),
            null,
            null);
    return audit
        .record(server.id(), user.id(), ACTION, "succeeded", null)
        .then(outbox.append(Topics.SERVER_EVENTS, event))
        .as(tx::transactional);
  }
}
