package io.pvepanel.control;

import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Records a server of the simulator's demo cluster as owned by a user, as create would. */
public final class TestServers {

  private TestServers() {}

  /**
   * The simulator's guests are shared by all tests of a run, so an earlier test's record of the
   * same guest is replaced.
   */
  public static String insert(
      ServerRepository servers, String owner, int vmid, String node, String status) {
    servers
        .findAll()
        .filter(s -> s.vmid() == vmid && s.cluster().equals("local"))
        .concatMap(s -> servers.delete(s.id()))
        .blockLast(Duration.ofSeconds(10));
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String type = vmid >= 200 ? "qemu" : "lxc";
    servers
        .insert(
            new Server(
                id,
                owner,
                owner + "@example.test",
                "local",
                node,
                vmid,
                type,
                "guest-" + vmid,
                "small",
                "debian-12",
                status,
                null,
                now,
                now))
        .block(Duration.ofSeconds(10));
    return id;
  }
}
