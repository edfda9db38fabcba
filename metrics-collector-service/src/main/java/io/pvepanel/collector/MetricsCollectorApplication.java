package io.pvepanel.collector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Polls Proxmox once per cluster per cycle, publishes normalised samples, keeps history. */
@SpringBootApplication
public class MetricsCollectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(MetricsCollectorApplication.class, args);
  }
}
