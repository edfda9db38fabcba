package io.pvepanel.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import reactor.core.publisher.Mono;

/**
 * One bearer token, two kinds: a text of a provider key's form goes to the {@link
 * ProviderKeyVerifier} (and never to the JWT decoder), anything else is a JWT as everywhere in the
 * suite. A key the verifier does not know is the same 401 as a bad JWT.
 */
final class BearerAuthenticationManager implements ReactiveAuthenticationManager {

  private final JwtReactiveAuthenticationManager jwt;
  private final ProviderKeyVerifier keys;

  BearerAuthenticationManager(ReactiveJwtDecoder decoder, ProviderKeyVerifier keys) {
    this.jwt = new JwtReactiveAuthenticationManager(decoder);
    this.jwt.setJwtAuthenticationConverter(new UserAuthenticationConverter());
    this.keys = keys;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (authentication instanceof BearerTokenAuthenticationToken bearer
        && bearer.getToken().startsWith(ProviderKeyVerifier.PREFIX)) {
      String token = bearer.getToken();
      if (!ProviderKeyVerifier.looksLikeKey(token)) {
        return Mono.error(new InvalidBearerTokenException("invalid provider key"));
      }
      return keys.verify(token)
          .<Authentication>map(ProviderKeyAuthentication::new)
          .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("invalid provider key")));
    }
    return jwt.authenticate(authentication);
  }
}
