package io.pvepanel.control.console;

import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.security.CurrentUser;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class ConsoleController {

  private final ServerAccess access;
  private final ConsoleSessions sessions;

  ConsoleController(ServerAccess access, ConsoleSessions sessions) {
    this.access = access;
    this.sessions = sessions;
  }

  /**
   * A one-time console session for the caller: open {@code url} on the gateway right away. A {@code
   * POST}: it has a side effect (a VM's VNC proxy is started) and a {@code GET} (405) must not
   * start one from a link or a prefetch.
   */
  @PostMapping("/api/server/{id}/console")
  Mono<ResponseEntity<ConsoleSessions.Session>> console(@PathVariable String id) {
    return CurrentUser.current()
        .flatMap(user -> access.actionable(user, id).flatMap(s -> sessions.open(user.id(), s)))
        .map(s -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(s));
  }
}
