package io.pvepanel.alerting.alert;

import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.NotFoundException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/alerts?serverId=&state=firing|resolved|closed&page=0&size=20}: current and past
 * alerts, newest first. Users see their own servers' alerts (a foreign or unknown {@code serverId}
 * answers 404), admins all.
 */
@RestController
@RequestMapping("/api/alerts")
class AlertController {

  /** A page of alerts. */
  record AlertPage(List<AlertView> items, int page, int size, long total) {}

  private final AlertRepository alerts;
  private final ServerDirectory servers;

  AlertController(AlertRepository alerts, ServerDirectory servers) {
    this.alerts = alerts;
    this.servers = servers;
  }

  @GetMapping
  Mono<AlertPage> list(
      @RequestParam(required = false) String serverId,
      @RequestParam(required = false) String state,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    if (page < 0 || page > 100_000) {
      return Mono.error(new InvalidFieldException("page", "page must be within 0..100000."));
    }
    if (size < 1 || size > 200) {
      return Mono.error(new InvalidFieldException("size", "size must be within 1..200."));
    }
    if (state != null && !state.matches("firing|resolved|closed")) {
      return Mono.error(
          new InvalidFieldException("state", "state must be firing, resolved or closed."));
    }
    return CurrentUser.current()
        .flatMap(
            user -> {
              Mono<Void> access = Mono.empty();
              if (serverId != null && !user.admin()) {
                access =
                    servers
                        .find(serverId)
                        .filter(info -> user.mayAccess(info.ownerId()))
                        .switchIfEmpty(Mono.error(new NotFoundException("Server")))
                        .then();
              }
              String owner = user.admin() ? null : user.id();
              return access.then(
                  Mono.zip(
                          alerts.page(owner, serverId, state, page, size).collectList(),
                          alerts.count(owner, serverId, state))
                      .map(t -> new AlertPage(t.getT1(), page, size, t.getT2())));
            });
  }
}
