package io.pvepanel.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseIntegrationTests {

  @Test
  void createsAnIsolatedDatabaseOverTcpAndDropsIt() throws Exception {
    String name;
    try (TestDatabase db = TestDatabase.create("support")) {
      name = db.name();
      assertThat(name).startsWith("t_support_");
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, doc JSON, at DATETIME(3))");
        s.execute("INSERT INTO probe VALUES (1, '{\"a\": 7}', NOW(3))");
        try (ResultSet rs = s.executeQuery("SELECT JSON_VALUE(doc, '$.a') FROM probe")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(7);
        }
      }
    }
    try (TestDatabase other = TestDatabase.create("support");
        Connection c =
            DriverManager.getConnection(other.jdbcUrl(), other.username(), other.password());
        ResultSet rs = c.getMetaData().getCatalogs()) {
      boolean stillThere = false;
      while (rs.next()) {
        stillThere |= rs.getString(1).equals(name);
      }
      assertThat(stillThere).as("dropped on close").isFalse();
    }
  }
}
