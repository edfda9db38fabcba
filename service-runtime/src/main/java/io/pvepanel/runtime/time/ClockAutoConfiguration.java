package io.pvepanel.runtime.time;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link Clock} of every service: UTC system time. Everything that reads the time (retries,
 * deadlines, leases, timestamps written to the database) takes this bean, so a test replaces it
 * with its own clock (e.g. test-support's {@code MutableClock}) by declaring one.
 */
@AutoConfiguration
public class ClockAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
