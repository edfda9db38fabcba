package io.pvepanel.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, uniquely named database on the MySQL/MariaDB server the tests use, dropped on {@link
 * #close()}.
 *
 * <p>The server comes from the environment so CI and developers can point tests anywhere: {@code
 * TEST_DB_HOST} (default {@code 127.0.0.1}), {@code TEST_DB_PORT} ({@code 3306}), {@code
 * TEST_DB_USER} ({@code root}), {@code TEST_DB_PASSWORD} (empty). {@code .ci/run} provisions such a
 * server when none answers.
 */
public final class TestDatabase implements AutoCloseable {

  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final String name;

  private TestDatabase(String host, int port, String username, String password, String name) {
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.name = name;
  }

  /**
   * Creates a database named {@code t_<prefix>_<random>}.
   *
   * @param prefix what the database is for, letters, digits and underscores only
   */
  public static TestDatabase create(String prefix) {
    if (!prefix.matches("[a-z0-9_]{1,20}")) {
      throw new IllegalArgumentException("prefix must match [a-z0-9_]{1,20}: " + prefix);
    }
    String name =
        "t_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    TestDatabase db =
        new TestDatabase(
            env("TEST_DB_HOST", "127.0.0.1"),
            Integer.parseInt(env("TEST_DB_PORT", "3306")),
            env("TEST_DB_USER", "root"),
            env("TEST_DB_PASSWORD", ""),
            name.toLowerCase(Locale.ROOT));
    db.execute("CREATE DATABASE `" + db.name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return db;
  }

  private static final java.util.Map<String, TestDatabase> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * One database per prefix for the whole test JVM, dropped when the JVM exits: for test classes
   * that share one cached Spring context.
   */
  public static TestDatabase shared(String prefix) {
    return SHARED.computeIfAbsent(
        prefix,
        p -> {
          TestDatabase db = create(p);
          Runtime.getRuntime().addShutdownHook(new Thread(db::close, "drop-" + db.name));
          return db;
        });
  }

  public String name() {
    return name;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public String jdbcUrl() {
    return "jdbc:mariadb://" + host + ":" + port + "/" + name;
  }

  public String r2dbcUrl() {
    return "r2dbc:mysql://" + host + ":" + port + "/" + name + "?sslMode=DISABLED";
  }

  /** Points a Spring test context's R2DBC and Flyway at this database. */
  public void registerSpringProperties(DynamicPropertyRegistry registry) {
    registry.add("spring.r2dbc.url", this::r2dbcUrl);
    registry.add("spring.r2dbc.username", this::username);
    registry.add("spring.r2dbc.password", this::password);
    registry.add("spring.flyway.url", this::jdbcUrl);
    registry.add("spring.flyway.user", this::username);
    registry.add("spring.flyway.password", this::password);
  }

  /** A new JDBC connection to this database, for test set-up and assertions. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), username, password);
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS `" + name + "`");
  }

  private void execute(String sql) {
    String serverUrl = "jdbc:mariadb://" + host + ":" + port + "/";
    try (Connection c = DriverManager.getConnection(serverUrl, username, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Test database server "
              + host
              + ":"
              + port
              + " as "
              + username
              + " refused '"
              + sql
              + "'. Is MariaDB running? .ci/run starts one.",
          e);
    }
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
