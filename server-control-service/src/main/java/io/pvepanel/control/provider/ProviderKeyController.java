package io.pvepanel.control.provider;

import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.security.ProviderScope;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.NotFoundException;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Provider API keys, managed by support staff only (a key cannot make keys): made with their scopes
 * and expiry, shown once, listed without their secret, revoked. Every change is in the audit log.
 */
@RestController
@RequestMapping("/api/admin/keys")
@Tag(name = "Provider API")
class ProviderKeyController {

  /** A key as made: the listing plus the secret, which is never shown again. */
  record MadeKey(ProviderKey key, String secret) {}

  private final ProviderKeyStore keys;
  private final AuditLog audit;
  private final TransactionalOperator tx;

  ProviderKeyController(ProviderKeyStore keys, AuditLog audit, TransactionalOperator tx) {
    this.keys = keys;
    this.audit = audit;
    this.tx = tx;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<MadeKey> create(@Valid @RequestBody KeyRequest request) {
    Set<ProviderScope> scopes = EnumSet.noneOf(ProviderScope.class);
    request.scopes().forEach(s -> scopes.add(ProviderScope.fromWire(s)));
    return ProviderActor.requireStaff()
        .flatMap(
            actor ->
                keys.create(request.name(), scopes, request.expiresAt(), actor.actorId())
                    .flatMap(
                        made ->
                            audit
                                .recordAbout(
                                    "key:" + made.key().id(),
                                    actor.actorId(),
                                    "provider-key.create",
                                    "succeeded",
                                    "name="
                                        + made.key().name()
                                        + " scopes="
                                        + ProviderKeyStore.wire(scopes))
                                .thenReturn(new MadeKey(made.key(), made.secret())))
                    .as(tx::transactional))
        .onErrorMap(
            DataIntegrityViolationException.class,
            e -> new ConflictException("A key named '" + request.name() + "' exists"));
  }

  @GetMapping
  Flux<ProviderKey> list() {
    return ProviderActor.requireStaff().thenMany(keys.list());
  }

  @DeleteMapping("/{id}")
  Mono<ProviderKey> revoke(@PathVariable String id) {
    return ProviderActor.requireStaff()
        .flatMap(
            actor ->
                keys.find(id)
                    .switchIfEmpty(Mono.error(new NotFoundException("Key")))
                    .flatMap(
                        k ->
                            keys.revoke(id)
                                .filter(Boolean::booleanValue)
                                .flatMap(
                                    revoked ->
                                        audit.recordAbout(
                                            "key:" + id,
                                            actor.actorId(),
                                            "provider-key.revoke",
                                            "succeeded",
                                            "name=" + k.name()))
                                .then(keys.find(id))))
        .as(tx::transactional);
  }
}
