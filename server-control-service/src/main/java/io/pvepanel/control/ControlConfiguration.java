package io.pvepanel.control;

import io.pvepanel.control.provider.ProviderProperties;
import io.pvepanel.runtime.loop.PeriodicLoop;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's settings and its background loop; the Clock comes from service-runtime. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ControlProperties.class,
  Housekeeping.Properties.class,
  ProviderProperties.class
})
class ControlConfiguration {

  @Bean
  PeriodicLoop housekeepingLoop(Housekeeping housekeeping, Housekeeping.Properties properties) {
    return PeriodicLoop.every(properties.period(), "Housekeeping", housekeeping::run)
        .jitter(0.1)
        .build();
  }
}
