package io.pvepanel.control;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
    @DefaultValue java.util.List<@jakarta.validation.Valid DemoServer> demoServers) {

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
