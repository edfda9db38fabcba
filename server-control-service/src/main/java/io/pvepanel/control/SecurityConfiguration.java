package io.pvepanel.control;

import io.pvepanel.security.ServiceSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The suite's resource-server rules, plus the RSocket endpoint for the gateway: its requests carry
 * the user's token in their payload, validated per request (see the rsocket package).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain controlSecurityFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
    http.authorizeExchange(
        auth ->
            auth.pathMatchers(ServiceSecurityAutoConfiguration.PUBLIC_PATHS)
                .permitAll()
                .pathMatchers("/rsocket")
                .permitAll()
                .anyExchange()
                .authenticated());
    return ServiceSecurityAutoConfiguration.configureResourceServer(http, decoder).build();
  }
}
