package io.pvepanel.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.events.Topics;
import io.pvepanel.runtime.loop.PeriodicLoop;
import io.pvepanel.runtime.time.ClockAutoConfiguration;
import io.pvepanel.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The outbox's table comes with the library: a service whose migrations hold no outbox DDL gets the
 * table on a fresh database, next to its own schema and history, and a restart changes nothing.
 */
class OutboxSchemaIntegrationTests {

  TestDatabase database;

  @BeforeEach
  void freshDatabase() {
    database = TestDatabase.create("outbox_schema");
  }

  @AfterEach
  void drop() {
    database.close();
  }

  private ApplicationContextRunner service() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                R2dbcAutoConfiguration.class,
                DataR2dbcAutoConfiguration.class,
                R2dbcTransactionManagerAutoConfiguration.class,
                KafkaAutoConfiguration.class,
                FlywayAutoConfiguration.class,
                ClockAutoConfiguration.class,
                OutboxAutoConfiguration.class))
        .withPropertyValues(
            "spring.r2dbc.url=" + database.r2dbcUrl(),
            "spring.r2dbc.username=" + database.username(),
            "spring.r2dbc.password=" + database.password(),
            "spring.flyway.url=" + database.jdbcUrl(),
            "spring.flyway.user=" + database.username(),
            "spring.flyway.password=" + database.password(),
            "spring.flyway.locations=classpath:db/service-fixture",
            "spring.kafka.bootstrap-servers=127.0.0.1:1");
  }

  @Test
  void aFreshDatabaseGetsTheServiceSchemaAndTheOutboxEachWithItsOwnHistory() throws Exception {
    service()
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasBean("outboxRelayLoop");
              assertThat(context.getBean("outboxRelayLoop")).isInstanceOf(PeriodicLoop.class);
              Outbox outbox = context.getBean(Outbox.class);
              outbox
                  .append(Topics.ALERT_EVENTS, OutboxRelayIntegrationTests.event("srv"))
                  .block(Duration.ofSeconds(10)); // a test, not main code
            });

    assertThat(tables())
        .contains("things", "outbox", "flyway_schema_history", OutboxSchema.HISTORY_TABLE);
    assertThat(versions("flyway_schema_history")).containsExactly("1");
    assertThat(versions(OutboxSchema.HISTORY_TABLE)).containsExactly("0", "1");
    assertThat(count("outbox")).isEqualTo(1);

    // a restart (another instance, a new release without outbox changes) migrates nothing
    service().run(context -> assertThat(context).hasNotFailed());
    assertThat(versions(OutboxSchema.HISTORY_TABLE)).containsExactly("0", "1");
    assertThat(count("outbox")).isEqualTo(1);
  }

  @Test
  void withoutFlywayTheServiceManagesNoOutboxSchema() throws Exception {
    service()
        .withPropertyValues("spring.flyway.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Outbox.class));
    assertThat(tables()).doesNotContain("outbox", OutboxSchema.HISTORY_TABLE);
  }

  private List<String> tables() throws Exception {
    return query("SHOW TABLES");
  }

  private List<String> versions(String history) throws Exception {
    return query("SELECT version FROM " + history + " WHERE success = 1 ORDER BY installed_rank");
  }

  private long count(String table) throws Exception {
    return Long.parseLong(query("SELECT COUNT(*) FROM " + table).get(0));
  }

  private List<String> query(String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
