package io.pvepanel.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.runtime.loop.PeriodicLoop;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The outbox, its table and its relay, in every service that has a database and a Kafka producer.
 * The table comes from {@link OutboxSchema} right after the service's own Flyway migrations (only
 * where the service runs Flyway); the relay runs as a {@link PeriodicLoop}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
      "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
      "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "io.pvepanel.runtime.time.ClockAutoConfiguration"
    })
@ConditionalOnBean({DatabaseClient.class, KafkaTemplate.class, ReactiveTransactionManager.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

  /** Marks the outbox table as migrated; the outbox's beans are created after it. */
  record MigratedSchema() {}

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Flyway.class, FlywayMigrationInitializer.class})
  @ConditionalOnBean(Flyway.class)
  static class Schema {

    @Bean
    MigratedSchema outboxSchema(
        Flyway flyway, ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
      // the service's own migrations first: they refuse a schema that is not empty
      serviceMigrations.ifAvailable(initializer -> {});
      OutboxSchema.migrate(flyway.getConfiguration().getDataSource());
      return new MigratedSchema();
    }
  }

  @Bean
  @ConditionalOnMissingBean
  Outbox outbox(DatabaseClient db, Clock clock, ObjectProvider<MigratedSchema> schema) {
    schema.ifAvailable(migrated -> {});
    return new Outbox(db, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  OutboxRelay outboxRelay(
      DatabaseClient db,
      KafkaTemplate<String, String> kafka,
      ReactiveTransactionManager transactions,
      OutboxProperties properties,
      Clock clock,
      ObjectProvider<MeterRegistry> meters,
      ObjectProvider<MigratedSchema> schema) {
    schema.ifAvailable(migrated -> {});
    return new OutboxRelay(
        db,
        kafka,
        TransactionalOperator.create(transactions),
        properties,
        clock,
        meters.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Bean
  @ConditionalOnMissingBean(name = "outboxRelayLoop")
  PeriodicLoop outboxRelayLoop(OutboxRelay relay, OutboxProperties properties) {
    return PeriodicLoop.every(properties.pollInterval(), "Outbox relay", relay::round)
        .jitter(0.2)
        .build();
  }
}
