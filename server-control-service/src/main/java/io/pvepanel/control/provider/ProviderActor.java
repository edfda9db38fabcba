package io.pvepanel.control.provider;

import io.pvepanel.security.CurrentUser;
import io.pvepanel.security.ProviderKeyAuthentication;
import io.pvepanel.security.ProviderScope;
import io.pvepanel.web.ForbiddenException;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;

/**
 * Who calls the provider API: support staff (a JWT with the {@code admin} role, every scope) or a
 * provider key (its scopes). Customers' tokens are refused.
 *
 * @param actorId what the audit log records: the staff member's user id, or {@code key:<name>}
 * @param key whether the caller is a provider key (keys cannot manage keys)
 */
public record ProviderActor(String actorId, Set<ProviderScope> scopes, boolean key) {

  public ProviderActor {
    scopes = Set.copyOf(scopes);
  }

  /** The caller if it holds {@code scope}; otherwise a 403. */
  public static Mono<ProviderActor> require(ProviderScope scope) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(ctx -> ctx.getAuthentication())
        .flatMap(ProviderActor::of)
        .switchIfEmpty(
            Mono.error(
                new ForbiddenException("This is the provider's API: customers may not use it")))
        .flatMap(
            actor ->
                actor.scopes.contains(scope)
                    ? Mono.just(actor)
                    : Mono.error(
                        new ForbiddenException(
                            "This action needs a provider key with the scope '"
                                + scope.wire()
                                + "'")));
  }

  /** Support staff only: the routes that manage provider keys. */
  public static Mono<ProviderActor> requireStaff() {
    return require(ProviderScope.PROVISIONING)
        .filter(actor -> !actor.key())
        .switchIfEmpty(
            Mono.error(new ForbiddenException("Provider keys are managed by support staff only")));
  }

  /** The user operations and audit entries are recorded for. */
  public CurrentUser asUser() {
    return new CurrentUser(actorId, null, true);
  }

  private static Mono<ProviderActor> of(Authentication auth) {
    if (auth instanceof ProviderKeyAuthentication k) {
      return Mono.just(new ProviderActor(k.key().actorId(), k.key().scopes(), true));
    }
    return CurrentUser.current()
        .filter(CurrentUser::admin)
        .map(u -> new ProviderActor(u.id(), EnumSet.allOf(ProviderScope.class), false));
  }
}
