package io.pvepanel.control.rsocket;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.rsocket.server.RSocketServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every RSocket connection must present the service token; large console frames are fragmented. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServiceTokenProperties.class)
class RSocketSecurityConfiguration {

  /** RSocket fragments above this size (console messages reach 1 MB). */
  static final int FRAGMENT = 16 * 1024;

  @Bean
  RSocketServerCustomizer serviceTokenRequired(ServiceTokenProperties properties) {
    ServiceTokenAcceptor acceptor = new ServiceTokenAcceptor(properties.serviceToken());
    return server -> server.fragment(FRAGMENT).interceptors(r -> r.forSocketAcceptor(acceptor));
  }
}
