package io.pvepanel.gateway.live;

import io.pvepanel.gateway.config.GatewayProperties;
import java.net.InetAddress;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans of the live channel that are not components. */
@Configuration(proxyBeanMethods = false)
public class LiveConfig {

  /**
   * This instance's own consumer group: {@code live.consumer-group-prefix} + host name + a random
   * suffix, so that every instance receives every update (broadcast), even two on one host.
   */
  @Bean
  String liveConsumerGroup(GatewayProperties properties) {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "unknown";
      }
    }
    return properties.live().consumerGroupPrefix()
        + host.replaceAll("[^A-Za-z0-9._-]", "_")
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
