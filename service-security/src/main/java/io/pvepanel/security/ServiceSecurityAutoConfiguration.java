package io.pvepanel.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Makes a service an OAuth2 resource server on the suite's shared token rules. A service (or the
 * gateway) that needs other public paths declares its own {@link SecurityWebFilterChain} and reuses
 * {@link #configureResourceServer}.
 */
@AutoConfiguration(
    beforeName =
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration")
@EnableConfigurationProperties(JwtProperties.class)
public class ServiceSecurityAutoConfiguration {

  /** Paths every service serves without a token: probes, metrics and API descriptions. */
  public static final String[] PUBLIC_PATHS = {
    "/actuator/health",
    "/actuator/health/**",
    "/actuator/info",
    "/actuator/prometheus",
    "/v3/api-docs",
    "/v3/api-docs/**"
  };

  @Bean
  @ConditionalOnMissingBean
  ReactiveJwtDecoder reactiveJwtDecoder(JwtProperties properties) {
    return PinnedAlgorithmJwtDecoder.create(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  SecurityWebFilterChain serviceSecurityFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
    http.authorizeExchange(
        auth -> auth.pathMatchers(PUBLIC_PATHS).permitAll().anyExchange().authenticated());
    return configureResourceServer(http, decoder).build();
  }

  /** The parts every chain in the suite shares: stateless bearer tokens, problem+json errors. */
  public static ServerHttpSecurity configureResourceServer(
      ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
    return configureResourceServer(http, decoder, null);
  }

  /**
   * As {@link #configureResourceServer(ServerHttpSecurity, ReactiveJwtDecoder)}, also accepting
   * provider API keys ({@code Bearer pvk_…}) verified by {@code keys}; null: JWTs only.
   */
  public static ServerHttpSecurity configureResourceServer(
      ServerHttpSecurity http, ReactiveJwtDecoder decoder, ProviderKeyVerifier keys) {
    if (keys != null) {
      ReactiveAuthenticationManager manager = new BearerAuthenticationManager(decoder, keys);
      return common(http)
          .oauth2ResourceServer(
              rs ->
                  rs.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
                      .accessDeniedHandler(ProblemAuthenticationHandlers.accessDeniedHandler())
                      .authenticationManagerResolver(exchange -> Mono.just(manager)));
    }
    return common(http)
        .oauth2ResourceServer(
            rs ->
                rs.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
                    .accessDeniedHandler(ProblemAuthenticationHandlers.accessDeniedHandler())
                    .jwt(
                        jwt ->
                            jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(new UserAuthenticationConverter())));
  }

  private static ServerHttpSecurity common(ServerHttpSecurity http) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
                    .accessDeniedHandler(ProblemAuthenticationHandlers.accessDeniedHandler()));
  }
}
