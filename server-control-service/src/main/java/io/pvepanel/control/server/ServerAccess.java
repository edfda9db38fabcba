package io.pvepanel.control.server;

import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.NotFoundException;
import io.pvepanel.web.SuspendedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one place that decides which servers a caller may see: their own, or all for support staff.
 * Every route that takes a server id goes through {@link #visible}, before anything is sent to
 * Proxmox.
 */
@Component
public class ServerAccess {

  private final ServerRepository servers;

  ServerAccess(ServerRepository servers) {
    this.servers = servers;
  }

  /** The server if the caller may see it; otherwise the same 404 whether it exists or not. */
  public Mono<Server> visible(CurrentUser user, String serverId) {
    return find(serverId)
        .filter(s -> user.mayAccess(s.ownerId()))
        .switchIfEmpty(Mono.error(new NotFoundException("Server")));
  }

  /**
   * Any server by id, whoever owns it: the provider API's lookup (its callers' scopes are checked
   * by its routes). A malformed or unknown id is the same 404.
   */
  public Mono<Server> find(String serverId) {
    if (serverId == null || !serverId.matches("[0-9a-fA-F-]{36}")) {
      return Mono.error(new NotFoundException("Server"));
    }
    return servers.findById(serverId).switchIfEmpty(Mono.error(new NotFoundException("Server")));
  }

  /**
   * As {@link #visible}, for an action: a server the provider suspended refuses every customer
   * action (403 {@code suspended}), support staff's included; only the provider lifts it.
   */
  public Mono<Server> actionable(CurrentUser user, String serverId) {
    return visible(user, serverId)
        .flatMap(
            s ->
                s.suspended()
                    ? Mono.error(new SuspendedException(s.suspension().reason()))
                    : Mono.just(s));
  }

  /** The servers the caller owns; support staff see every server. */
  public Flux<Server> listed(CurrentUser user) {
    return user.admin() ? servers.findAll() : servers.findByOwner(user.id());
  }
}
