package io.pvepanel.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a validated token into the request's authentication: the principal name is the user id
 * ({@code sub} or {@code id}); every user has {@code ROLE_USER}, support staff also {@code
 * ROLE_ADMIN}.
 */
public final class UserAuthenticationConverter
    implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

  public static final String ROLE_USER = "ROLE_USER";
  public static final String ROLE_ADMIN = "ROLE_ADMIN";

  @Override
  public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
    CurrentUser user = CurrentUser.from(jwt);
    List<GrantedAuthority> authorities = new ArrayList<>(2);
    authorities.add(new SimpleGrantedAuthority(ROLE_USER));
    if (user.admin()) {
      authorities.add(new SimpleGrantedAuthority(ROLE_ADMIN));
    }
    return Mono.just(new JwtAuthenticationToken(jwt, authorities, user.id()));
  }
}
