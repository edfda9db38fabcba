package io.pvepanel.collector.status;

import io.pvepanel.collector.inventory.ServerAccess;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class StatusController {

  private final ServerAccess access;
  private final StatusStore store;

  StatusController(ServerAccess access, StatusStore store) {
    this.access = access;
    this.store = store;
  }

  @GetMapping("/api/server/{id}/status")
  Mono<StatusView> status(@PathVariable String id) {
    return access
        .visible(id)
        .map(server -> StatusView.of(server.serverId(), store.current(server.serverId())));
  }
}
