package io.pvepanel.control;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The control service's settings ({@code pvepanel.control.*}).
 *
 * @param operationTimeout how long a Proxmox task may run before its operation is failed. Default
 *     10 min (creating a container from a large template takes minutes).
 * @param waitBound the longest {@code ?wait=true} holds a request. Default 60 s.
 * @param abandonedAfter how long an operation may stay queued (enqueued, its Proxmox call not yet
 *     answered) before it is taken for abandoned by an instance that died, failed, and its server
 *     freed. Well above the client's response and SSH bounds. Default 5 min.
 * @param passwordLength length of generated root passwords. Default 20.
 * @param passwordChangesPerHour password changes allowed per server per hour. Default 3.
 * @param consoleSessionTtl how long a console session can be redeemed. Default 60 s.
 * @param storage where new containers' root disks go; must support snapshots. Default {@code
 *     local-lvm}.
 * @param network {@code net0} of new containers. Default DHCP on {@code vmbr0}.
 * @param demoServers guests of the configured cluster to record as owned servers at start when not
 *     yet recorded (local runs and demos); empty by default
 * @param seedCatalog create demo plans and templates at start when the catalog is empty (local
 *     runs). Default false.
 * @param defaultCluster the cluster new servers are placed in. Default {@code local}.
 * @param console the console relay to Proxmox' {@code vncwebsocket}, see {@link Console}
 */
@Validated
@ConfigurationProperties("pvepanel.control")
public record ControlProperties(
    @NotNull @DefaultValue("10m") Duration operationTimeout,
    @NotNull @DefaultValue("60s") Duration waitBound,
    @NotNull @DefaultValue("5m") Duration abandonedAfter,
    @Min(12) @Max(64) @DefaultValue("20") int passwordLength,
    @Min(1) @Max(100) @DefaultValue("3") int passwordChangesPerHour,
    @NotNull @DefaultValue("60s") Duration consoleSessionTtl,
    @NotBlank @DefaultValue("local-lvm") String storage,
    @NotBlank @DefaultValue("name=eth0,bridge=vmbr0,ip=dhcp,firewall=1") String network,
    @DefaultValue("false") boolean seedCatalog,
    @NotBlank @DefaultValue("local") String defaultCluster,
    @DefaultValue java.util.List<@jakarta.validation.Valid DemoServer> demoServers,
    @NotNull @Valid @DefaultValue Console console) {

  /**
   * The relay's upstream connection to Proxmox ({@code pvepanel.control.console.*}).
   *
   * @param connectTimeout bound on the TCP connect and on the WebSocket upgrade's answer; between
   *     100 ms and 2 min. Default 10 s (Proxmox answers the upgrade at once; a node that does not
   *     is down).
   * @param maxFrameSize largest console message relayed either way (a larger one ends the console);
   *     between 64 KB and 16 MB. Default 1 MB (Proxmox' VNC frames stay well below: a full 4K
   *     screen update is split by the VNC server).
   */
  public record Console(
      @NotNull @DefaultValue("10s") Duration connectTimeout,
      @NotNull @DefaultValue("1MB") DataSize maxFrameSize) {
    public Console {
      if (connectTimeout != null
          && (connectTimeout.compareTo(Duration.ofMillis(100)) < 0
              || connectTimeout.compareTo(Duration.ofMinutes(2)) > 0)) {
        throw new IllegalArgumentException(
            "pvepanel.control.console.connect-timeout must be between 100ms and 2m, got "
                + connectTimeout);
      }
      if (maxFrameSize != null
          && (maxFrameSize.toBytes() < DataSize.ofKilobytes(64).toBytes()
              || maxFrameSize.toBytes() > DataSize.ofMegabytes(16).toBytes())) {
        throw new IllegalArgumentException(
            "pvepanel.control.console.max-frame-size must be between 64KB and 16MB, got "
                + maxFrameSize);
      }
    }

    /** The documented defaults. */
    public static Console defaults() {
      return new Console(Duration.ofSeconds(10), DataSize.ofMegabytes(1));
    }
  }

  /** An existing guest handed to a user, e.g. {@code {owner-id: "1", node: pve1, vmid: 101}}. */
  public record DemoServer(
      @NotBlank String ownerId,
      String ownerEmail,
      @NotBlank String node,
      @Min(100) int vmid,
      @NotBlank @DefaultValue("lxc") String type,
      @NotBlank String name,
      @DefaultValue("small") String planId,
      @DefaultValue("debian-12") String templateId) {}
}
