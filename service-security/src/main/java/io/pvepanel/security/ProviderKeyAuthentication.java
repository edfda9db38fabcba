package io.pvepanel.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by a provider API key. Its authorities are {@code ROLE_PROVIDER}, one
 * {@code SCOPE_<scope>} per scope, and {@code ROLE_SUPPORT} for the {@code support} scope (which
 * the customer API accepts as support staff). The key's secret is not kept.
 */
public final class ProviderKeyAuthentication extends AbstractAuthenticationToken {

  public static final String ROLE_PROVIDER = "ROLE_PROVIDER";
  public static final String ROLE_SUPPORT = "ROLE_SUPPORT";

  private final ProviderKeyPrincipal key;

  public ProviderKeyAuthentication(ProviderKeyPrincipal key) {
    super(authorities(key));
    this.key = key;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(ProviderKeyPrincipal key) {
    List<GrantedAuthority> list = new ArrayList<>();
    list.add(new SimpleGrantedAuthority(ROLE_PROVIDER));
    for (ProviderScope s : key.scopes()) {
      list.add(new SimpleGrantedAuthority("SCOPE_" + s.wire()));
    }
    if (key.has(ProviderScope.SUPPORT)) {
      list.add(new SimpleGrantedAuthority(ROLE_SUPPORT));
    }
    return list;
  }

  public ProviderKeyPrincipal key() {
    return key;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return key;
  }

  @Override
  public String getName() {
    return key.actorId();
  }
}
