package io.pvepanel.collector.inventory;

import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.NotFoundException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Ownership from the inventory: a foreign id and an unknown id fail alike. */
@Component
public class ServerAccess {

  private final Inventory inventory;

  ServerAccess(Inventory inventory) {
    this.inventory = inventory;
  }

  /** The server, if the caller may see it; otherwise {@link NotFoundException}. */
  public Mono<InventoryEntry> visible(String serverId) {
    return CurrentUser.current()
        .flatMap(
            user -> {
              InventoryEntry e = inventory.get(serverId);
              return e != null && user.mayAccess(e.ownerId()) ? Mono.just(e) : Mono.empty();
            })
        .switchIfEmpty(Mono.error(() -> new NotFoundException("Server")));
  }
}
