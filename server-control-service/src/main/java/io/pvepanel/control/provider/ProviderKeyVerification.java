package io.pvepanel.control.provider;

import io.pvepanel.security.ProviderKeyPrincipal;
import io.pvepanel.security.ProviderKeyVerifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The control service verifies provider keys against its own table on every request, so a revoked
 * or expired key stops at once here (the gateway, which asks over RSocket, may accept it for its
 * cache's few seconds).
 */
@Component
public class ProviderKeyVerification implements ProviderKeyVerifier {

  private final ProviderKeyStore keys;

  ProviderKeyVerification(ProviderKeyStore keys) {
    this.keys = keys;
  }

  @Override
  public Mono<ProviderKeyPrincipal> verify(String key) {
    return keys.verify(key)
        .map(k -> new ProviderKeyPrincipal(k.id(), k.name(), k.scopes(), k.expiresAt()));
  }
}
