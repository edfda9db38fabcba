package io.pvepanel.gateway.identity;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.security.ServiceSecurityAutoConfiguration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The gateway's security chain: every {@code /api/**} request needs a valid bearer token, a JWT or
 * a provider API key ({@link ProviderKeys}) (401 problem+json with {@code WWW-Authenticate}
 * otherwise, and nothing is forwarded); the token is relayed unchanged to the service, which
 * validates it again. The live channel and console relay authenticate in-band; probes, API docs and
 * the swagger UI are public. CORS for {@code /api/**} follows {@code pvepanel.gateway.cors}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

  /**
   * Public besides the probes: in-band-authenticated sockets, docs, the UI (the dashboard's page,
   * its own assets and its vendor libraries hold no secret; the token is pasted or handed over in
   * the browser).
   */
  static final String[] PUBLIC = {
    "/ws",
    "/ws/console/*",
    "/",
    "/index.html",
    "/assets/**",
    "/vendor/**",
    "/favicon.ico",
    "/swagger-ui.html",
    "/swagger-ui/**",
    "/webjars/**",
    "/openapi/*",
    "/v3/api-docs",
    "/v3/api-docs/**"
  };

  /**
   * No observation around each of Spring Security's filters, authentications and authorizations: on
   * the gateway they cost more than the proxying itself (bench/README.md), and {@code
   * http.server.requests} already times every request. Declared as settings, not as a disabled
   * observation name, so the filter chain is not wrapped at all.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  SecurityWebFilterChain gatewaySecurityFilterChain(
      ServerHttpSecurity http,
      ReactiveJwtDecoder decoder,
      GatewayProperties properties,
      ProviderKeys providerKeys) {
    http.cors(cors -> cors.configurationSource(corsSource(properties.cors())))
        .authorizeExchange(
            // /api/** first: nearly every request is one, and none of it is public
            auth ->
                auth.pathMatchers("/api/**")
                    .authenticated()
                    .pathMatchers(ServiceSecurityAutoConfiguration.PUBLIC_PATHS)
                    .permitAll()
                    .pathMatchers(PUBLIC)
                    .permitAll()
                    .anyExchange()
                    .authenticated());
    return ServiceSecurityAutoConfiguration.configureResourceServer(http, decoder, providerKeys)
        .build();
  }

  static CorsConfigurationSource corsSource(GatewayProperties.Cors cors) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    List<String> origins = cors.allowedOrigins().stream().filter(s -> !s.isBlank()).toList();
    if (origins.isEmpty()) {
      return source;
    }
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(origins);
    config.setAllowedMethods(cors.allowedMethods());
    config.setAllowedHeaders(cors.allowedHeaders());
    config.setExposedHeaders(List.of("Location", "Retry-After"));
    config.setAllowCredentials(false);
    config.setMaxAge(cors.maxAge());
    source.registerCorsConfiguration("/api/**", config);
    return source;
  }
}
