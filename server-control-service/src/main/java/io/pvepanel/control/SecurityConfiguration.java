package io.pvepanel.control;

import io.pvepanel.control.provider.ProviderKeyVerification;
import io.pvepanel.security.ProviderKeyAuthentication;
import io.pvepanel.security.ServiceSecurityAutoConfiguration;
import io.pvepanel.security.UserAuthenticationConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The suite's resource-server rules, plus provider API keys and the RSocket endpoint for the
 * gateway (its requests carry the user's token in their payload, validated per request: see the
 * rsocket package). The provider API ({@code /api/admin/**}) takes support staff's JWTs and
 * provider keys, each route checking its scope; the customer API takes users' JWTs and keys with
 * the {@code support} scope.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain controlSecurityFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder decoder, ProviderKeyVerification keys) {
    http.authorizeExchange(
        auth ->
            auth.pathMatchers(ServiceSecurityAutoConfiguration.PUBLIC_PATHS)
                .permitAll()
                .pathMatchers("/rsocket")
                .permitAll()
                .pathMatchers("/api/admin/**")
                .authenticated()
                .anyExchange()
                .hasAnyAuthority(
                    UserAuthenticationConverter.ROLE_USER, ProviderKeyAuthentication.ROLE_SUPPORT));
    return ServiceSecurityAutoConfiguration.configureResourceServer(http, decoder, keys).build();
  }
}
