package io.pvepanel.collector.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/** Partition maintenance on MariaDB itself, in a database of its own, with fixed clocks. */
class PartitionMaintenanceIntegrationTests {

  static TestDatabase db;
  static DatabaseClient client;

  @BeforeAll
  static void migrate() {
    db = TestDatabase.create("collector_parts");
    Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();
    ConnectionFactory cf =
        ConnectionFactories.get(
            ConnectionFactoryOptions.parse(db.r2dbcUrl())
                .mutate()
                .option(ConnectionFactoryOptions.USER, db.username())
                .option(ConnectionFactoryOptions.PASSWORD, db.password())
                .build());
    client = DatabaseClient.create(cf);
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  static CollectorProperties props() {
    return new CollectorProperties(
        Duration.ofSeconds(10),
        Duration.ofSeconds(8),
        Duration.ofDays(7),
        Duration.ofHours(1),
        360,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        4,
        Duration.ofMinutes(15),
        3,
        Duration.ofSeconds(20),
        1000,
        false,
        Duration.ofSeconds(30));
  }

  static List<String> partitions(String table) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT PARTITION_NAME FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA ="
                    + " DATABASE() AND TABLE_NAME = '"
                    + table
                    + "' ORDER BY PARTITION_ORDINAL_POSITION")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  static void exec(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static long count(String table) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static PartitionMaintenance at(String iso) {
    return new PartitionMaintenance(
        client, props(), Clock.fixed(Instant.parse(iso), ZoneOffset.UTC));
  }

  @Test
  void createsAheadThenDropsExpiredPartitionsWhole() throws Exception {
    at("2026-03-01T10:30:00Z").run().block(Duration.ofSeconds(30));
    assertThat(partitions("metric_rollup"))
        .containsExactly("p20260301", "p20260302", "p20260303", "p20260304", "pmax");
    assertThat(partitions("metric_raw"))
        .containsExactly("p2026030110", "p2026030111", "p2026030112", "p2026030113", "pmax");

    long day1 = Instant.parse("2026-03-01T10:31:00Z").getEpochSecond();
    exec("INSERT INTO metric_rollup (server_id, ts, samples) VALUES ('a', " + day1 + ", 1)");
    exec("INSERT INTO metric_raw (server_id, ts) VALUES ('a', " + day1 + ")");
    long day3 = Instant.parse("2026-03-03T00:00:00Z").getEpochSecond();
    exec("INSERT INTO metric_rollup (server_id, ts, samples) VALUES ('a', " + day3 + ", 1)");

    // nine days on: day 1 is past the 7 day retention, day 3 is not
    at("2026-03-09T12:00:00Z").run().block(Duration.ofSeconds(30));
    assertThat(partitions("metric_rollup"))
        .doesNotContain("p20260301")
        .contains("p20260302", "p20260303", "p20260309", "p20260312")
        .endsWith("pmax");
    assertThat(count("metric_rollup")).isEqualTo(1);
    // raw: everything older than an hour is gone, the hours ahead exist
    assertThat(partitions("metric_raw"))
        .doesNotContain("p2026030110")
        .contains("p2026030912", "p2026030915")
        .endsWith("pmax");
    assertThat(count("metric_raw")).isZero();

    // a second pass at the same time changes nothing
    List<String> before = partitions("metric_rollup");
    at("2026-03-09T12:00:00Z").run().block(Duration.ofSeconds(30));
    assertThat(partitions("metric_rollup")).isEqualTo(before);
  }
}
