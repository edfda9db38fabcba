package io.pvepanel.localsuite;

import java.util.List;
import java.util.Map;

/**
 * Where the embedded parts ended up: everything the services' environments are built from.
 *
 * @param db the database server
 * @param kafkaBootstrapServers the broker's address
 * @param jwtSecret the HS256 secret every service validates with
 * @param proxmox the simulator as a Proxmox cluster
 * @param smtpHost the mail catcher's SMTP host
 * @param smtpPort its port
 * @param demoServers the guests handed to the demo users
 */
public record SuiteContext(
    Db db,
    String kafkaBootstrapServers,
    String jwtSecret,
    Proxmox proxmox,
    String smtpHost,
    int smtpPort,
    List<DemoServer> demoServers) {

  /** Database server coordinates. */
  public record Db(String host, int port, String user, String password) {
    public String r2dbcUrl(String database) {
      return "r2dbc:mysql://" + host + ":" + port + "/" + database + "?sslMode=DISABLED";
    }

    public String jdbcUrl(String database) {
      return "jdbc:mariadb://"
          + host
          + ":"
          + port
          + "/"
          + database
          + "?createDatabaseIfNotExist=true";
    }
  }

  /**
   * A Proxmox cluster.
   *
   * @param apiToken {@code tokenId=secret}
   * @param sshPrivateKey OpenSSH private key text for node SSH, or null
   * @param sshNodes node name to its SSH listener
   */
  public record Proxmox(
      String name,
      String baseUrl,
      String apiToken,
      String sshPrivateKey,
      Map<String, Ssh> sshNodes) {}

  /** A node's SSH listener, host key pinned by its OpenSSH SHA-256 fingerprint. */
  public record Ssh(String host, int port, String hostKeyFingerprint) {}

  /** A guest recorded as owned by a demo user (control's {@code pvepanel.control.demo-servers}). */
  public record DemoServer(
      String ownerId, String ownerEmail, String node, int vmid, String type, String name) {}

  /** user 1: 101 web01, 103 hot01 (runs hot), 200 win01 (QEMU); user 2: 102 db01, 105 app02. */
  public static List<DemoServer> defaultDemoServers() {
    return List.of(
        new DemoServer("1", "user1@demo.test", "pve1", 101, "lxc", "web01"),
        new DemoServer("1", "user1@demo.test", "pve1", 103, "lxc", "hot01"),
        new DemoServer("1", "user1@demo.test", "pve1", 200, "qemu", "win01"),
        new DemoServer("2", "user2@demo.test", "pve2", 102, "lxc", "db01"),
        new DemoServer("2", "user2@demo.test", "pve2", 105, "lxc", "app02"));
  }
}
