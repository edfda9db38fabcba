package io.pvepanel.control.server;

import io.pvepanel.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/server")
class ServerController {

  private final ServerAccess access;

  ServerController(ServerAccess access) {
    this.access = access;
  }

  @GetMapping({"/my-servers", ""})
  Flux<ServerView> myServers() {
    return CurrentUser.current().flatMapMany(access::listed).map(ServerView::of);
  }

  @GetMapping("/{id}")
  Mono<ServerView> server(@PathVariable String id) {
    return CurrentUser.current().flatMap(user -> access.visible(user, id)).map(ServerView::of);
  }
}
