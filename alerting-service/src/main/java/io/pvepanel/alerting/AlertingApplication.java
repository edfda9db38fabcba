package io.pvepanel.alerting;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Evaluates alert rules over the sample stream; firing and resolved events. */
@SpringBootApplication
@EnableConfigurationProperties(AlertingProperties.class)
public class AlertingApplication {

  public static void main(String[] args) {
    SpringApplication.run(AlertingApplication.class, args);
  }

  /** Wall-clock time for API bookkeeping only; evaluation uses the samples' times. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
