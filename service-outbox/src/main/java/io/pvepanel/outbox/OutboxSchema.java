package io.pvepanel.outbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and evolves the {@code outbox} table: Flyway over the service's own Flyway connection,
 * with the migrations in {@code classpath:db/outbox} and a history table of their own, {@value
 * #HISTORY_TABLE}. The service's migrations run first (their schema is then not empty, so this one
 * baselines at version 0 and applies its own from V1); the two version lines never meet, and a
 * service needs no outbox DDL at all.
 */
final class OutboxSchema {

  static final String HISTORY_TABLE = "flyway_outbox_history";
  static final String LOCATION = "classpath:db/outbox";

  private static final Logger log = LoggerFactory.getLogger(OutboxSchema.class);

  private OutboxSchema() {}

  /** Applies the outbox's pending migrations to the database behind {@code dataSource}. */
  static MigrateResult migrate(DataSource dataSource) {
    MigrateResult result =
        Flyway.configure(OutboxSchema.class.getClassLoader())
            .dataSource(dataSource)
            .table(HISTORY_TABLE)
            .locations(LOCATION)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
    if (result.migrationsExecuted > 0) {
      log.info("Outbox schema migrated to version {}", result.targetSchemaVersion);
    }
    return result;
  }
}
