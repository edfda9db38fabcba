package io.pvepanel.alerting.rule;

import io.pvepanel.security.CurrentUser;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/alerts/rules}: CRUD of alert rules. */
@RestController
@RequestMapping("/api/alerts/rules")
class RuleController {

  private final RuleService service;

  RuleController(RuleService service) {
    this.service = service;
  }

  @GetMapping
  Flux<RuleView> list() {
    return CurrentUser.current().flatMapMany(service::list);
  }

  @GetMapping("/{id}")
  Mono<RuleView> get(@PathVariable String id) {
    return CurrentUser.current().flatMap(user -> service.get(user, id));
  }

  @PostMapping
  Mono<ResponseEntity<RuleView>> create(@Valid @RequestBody RuleRequest request) {
    return CurrentUser.current()
        .flatMap(user -> service.create(user, request))
        .map(
            view ->
                ResponseEntity.created(URI.create("/api/alerts/rules/" + view.id())).body(view));
  }

  @PutMapping("/{id}")
  Mono<RuleView> update(@PathVariable String id, @Valid @RequestBody RuleRequest request) {
    return CurrentUser.current().flatMap(user -> service.update(user, id, request));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(@PathVariable String id) {
    return CurrentUser.current().flatMap(user -> service.delete(user, id));
  }
}
