package io.pvepanel.control;

import java.time.Instant;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.util.context.Context;

/** A signed-in user for services called below the HTTP layer, as their Reactor context. */
public final class ControlTestUsers {

  private ControlTestUsers() {}

  public static Context as(String userId) {
    Jwt jwt =
        Jwt.withTokenValue("test")
            .header("alg", "HS256")
            .claim("sub", userId)
            .issuedAt(Instant.now())
            .expiresAt(Instant.now().plusSeconds(300))
            .build();
    return ReactiveSecurityContextHolder.withAuthentication(new JwtAuthenticationToken(jwt));
  }
}
