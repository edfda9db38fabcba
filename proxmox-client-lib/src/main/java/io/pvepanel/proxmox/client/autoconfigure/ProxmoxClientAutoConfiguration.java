package io.pvepanel.proxmox.client.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Creates {@link ProxmoxClusters} from {@code proxmox.clusters[...]} when at least one cluster is
 * configured. Uses the application's {@link MeterRegistry} and {@link Clock} beans when present.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(WebClient.class)
@Conditional(ProxmoxClientAutoConfiguration.OnClustersConfigured.class)
@EnableConfigurationProperties(ProxmoxProperties.class)
public class ProxmoxClientAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ProxmoxClusters proxmoxClusters(
      ProxmoxProperties properties,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<Clock> clock) {
    return ProxmoxClusters.create(
        properties.clusters(),
        meterRegistry.getIfAvailable(SimpleMeterRegistry::new),
        clock.getIfAvailable(Clock::systemUTC));
  }

  /** Matches when {@code proxmox.clusters[0].name} is set (any property source, relaxed). */
  static final class OnClustersConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      boolean bound =
          Binder.get(context.getEnvironment())
              .bind("proxmox.clusters[0].name", String.class)
              .isBound();
      return bound
          ? ConditionOutcome.match("proxmox.clusters configured")
          : ConditionOutcome.noMatch("no proxmox.clusters configured");
    }
  }
}
