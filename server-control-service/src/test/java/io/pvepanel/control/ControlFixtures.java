package io.pvepanel.control;

import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Values the unit tests of control's services share. */
public final class ControlFixtures {

  public static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private ControlFixtures() {}

  /** The settings' documented defaults. */
  public static ControlProperties properties() {
    return new ControlProperties(
        Duration.ofMinutes(10),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        20,
        3,
        Duration.ofSeconds(60),
        "local-lvm",
        "name=eth0,bridge=vmbr0,ip=dhcp,firewall=1",
        false,
        "local",
        List.of(),
        ControlProperties.Console.defaults());
  }

  /** A running container of user 7 on {@code pve1}. */
  public static Server container(int vmid, String hostname) {
    return new Server(
        "3f1c7a52-6a4e-4d3b-9d55-1c2f7e9a0" + (100 + vmid % 900),
        "7",
        null,
        "local",
        "pve1",
        vmid,
        "lxc",
        hostname,
        "small",
        "debian-12",
        ServerStatus.RUNNING,
        null,
        NOW,
        NOW);
  }
}
