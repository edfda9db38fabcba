package io.pvepanel.alerting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Evaluates alert rules over the sample stream; firing and resolved events. */
@SpringBootApplication
@EnableConfigurationProperties(AlertingProperties.class)
public class AlertingApplication {

  public static void main(String[] args) {
    SpringApplication.run(AlertingApplication.class, args);
  }
}
