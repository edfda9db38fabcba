package io.pvepanel.security;

import java.util.Objects;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * The authenticated caller, as every service sees it.
 *
 * @param id the user id: the token's {@code sub}, else its {@code id} claim (the existing site's
 *     tokens carry {@code {"id": n}})
 * @param email the {@code email} claim, the default notification address; may be null
 * @param admin whether {@code roles} (or {@code role}) contains {@code admin}: support staff, who
 *     may act on every server
 */
public record CurrentUser(String id, String email, boolean admin) {

  public CurrentUser {
    Objects.requireNonNull(id, "id");
  }

  /** May this user see and act on a server owned by {@code ownerId}? */
  public boolean mayAccess(String ownerId) {
    return admin || id.equals(ownerId);
  }

  /**
   * The caller of the current request; empty when unauthenticated. A provider key with the {@code
   * support} scope acts as support staff ({@code key:<name>}); a provider key without it is no user
   * (empty).
   */
  public static Mono<CurrentUser> current() {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(ctx -> ctx.getAuthentication())
        .mapNotNull(CurrentUser::of);
  }

  private static CurrentUser of(Object auth) {
    if (auth instanceof JwtAuthenticationToken jwt) {
      return from(jwt.getToken());
    }
    if (auth instanceof ProviderKeyAuthentication key && key.key().has(ProviderScope.SUPPORT)) {
      return new CurrentUser(key.key().actorId(), null, true);
    }
    return null;
  }

  /** Reads the caller from a validated token. */
  public static CurrentUser from(Jwt jwt) {
    return new CurrentUser(
        UserClaims.userId(jwt.getClaims()),
        jwt.getClaimAsString("email"),
        UserClaims.isAdmin(jwt.getClaims()));
  }
}
