package io.pvepanel.proxmox.simulator.auth;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The privileges of pve-access-control {@code PVE/AccessControl.pm} ({@code $privgroups} plus
 * {@code Permissions.Modify}), with the tiers the built-in roles are made of and the PVE majors
 * that know them: PVE 9 (libpve-access-control 9.0) added {@code VM.GuestAgent.*} and {@code
 * VM.Replicate} and dropped {@code VM.Monitor} (stable-bookworm = PVE 8 still has it).
 */
public enum Privilege {
  VM_CONFIG_DISK("VM.Config.Disk", Category.VM, Tier.ADMIN),
  VM_CONFIG_CPU("VM.Config.CPU", Category.VM, Tier.ADMIN),
  VM_CONFIG_MEMORY("VM.Config.Memory", Category.VM, Tier.ADMIN),
  VM_CONFIG_NETWORK("VM.Config.Network", Category.VM, Tier.ADMIN),
  VM_CONFIG_HWTYPE("VM.Config.HWType", Category.VM, Tier.ADMIN),
  VM_CONFIG_OPTIONS("VM.Config.Options", Category.VM, Tier.ADMIN),
  VM_ALLOCATE("VM.Allocate", Category.VM, Tier.ADMIN),
  VM_CLONE("VM.Clone", Category.VM, Tier.ADMIN),
  VM_GUEST_AGENT_UNRESTRICTED("VM.GuestAgent.Unrestricted", Category.VM, Tier.ADMIN, 9, 9),
  VM_MIGRATE("VM.Migrate", Category.VM, Tier.ADMIN),
  VM_MONITOR("VM.Monitor", Category.VM, Tier.ADMIN, 8, 8),
  VM_REPLICATE("VM.Replicate", Category.VM, Tier.ADMIN, 9, 9),
  VM_SNAPSHOT("VM.Snapshot", Category.VM, Tier.ADMIN),
  VM_SNAPSHOT_ROLLBACK("VM.Snapshot.Rollback", Category.VM, Tier.ADMIN),
  VM_CONFIG_CDROM("VM.Config.CDROM", Category.VM, Tier.USER),
  VM_CONFIG_CLOUDINIT("VM.Config.Cloudinit", Category.VM, Tier.USER),
  VM_CONSOLE("VM.Console", Category.VM, Tier.USER),
  VM_BACKUP("VM.Backup", Category.VM, Tier.USER),
  VM_GUEST_AGENT_FILE_READ("VM.GuestAgent.FileRead", Category.VM, Tier.USER, 9, 9),
  VM_GUEST_AGENT_FILE_SYSTEM_MGMT("VM.GuestAgent.FileSystemMgmt", Category.VM, Tier.USER, 9, 9),
  VM_GUEST_AGENT_FILE_WRITE("VM.GuestAgent.FileWrite", Category.VM, Tier.USER, 9, 9),
  VM_POWER_MGMT("VM.PowerMgmt", Category.VM, Tier.USER),
  VM_AUDIT("VM.Audit", Category.VM, Tier.AUDIT),
  VM_GUEST_AGENT_AUDIT("VM.GuestAgent.Audit", Category.VM, Tier.AUDIT, 9, 9),
  SYS_POWER_MGMT("Sys.PowerMgmt", Category.SYS, Tier.ROOT),
  SYS_MODIFY("Sys.Modify", Category.SYS, Tier.ROOT),
  SYS_INCOMING("Sys.Incoming", Category.SYS, Tier.ROOT),
  SYS_ACCESS_NETWORK("Sys.AccessNetwork", Category.SYS, Tier.ROOT),
  SYS_CONSOLE("Sys.Console", Category.SYS, Tier.ADMIN),
  SYS_SYSLOG("Sys.Syslog", Category.SYS, Tier.ADMIN),
  SYS_AUDIT("Sys.Audit", Category.SYS, Tier.AUDIT),
  DATASTORE_ALLOCATE("Datastore.Allocate", Category.DATASTORE, Tier.ADMIN),
  DATASTORE_ALLOCATE_TEMPLATE("Datastore.AllocateTemplate", Category.DATASTORE, Tier.ADMIN),
  DATASTORE_ALLOCATE_SPACE("Datastore.AllocateSpace", Category.DATASTORE, Tier.USER),
  DATASTORE_AUDIT("Datastore.Audit", Category.DATASTORE, Tier.AUDIT),
  SDN_ALLOCATE("SDN.Allocate", Category.SDN, Tier.ADMIN),
  SDN_AUDIT("SDN.Audit", Category.SDN, EnumSet.of(Tier.ADMIN, Tier.AUDIT), 8, 9),
  SDN_USE("SDN.Use", Category.SDN, Tier.USER),
  REALM_ALLOCATE("Realm.Allocate", Category.USER, Tier.ROOT),
  USER_MODIFY("User.Modify", Category.USER, Tier.ADMIN),
  GROUP_ALLOCATE("Group.Allocate", Category.USER, Tier.ADMIN),
  REALM_ALLOCATE_USER("Realm.AllocateUser", Category.USER, Tier.ADMIN),
  POOL_ALLOCATE("Pool.Allocate", Category.POOL, Tier.ADMIN),
  POOL_AUDIT("Pool.Audit", Category.POOL, EnumSet.of(Tier.USER, Tier.AUDIT), 8, 9),
  MAPPING_MODIFY("Mapping.Modify", Category.MAPPING, Tier.ADMIN),
  MAPPING_USE("Mapping.Use", Category.MAPPING, Tier.USER),
  MAPPING_AUDIT("Mapping.Audit", Category.MAPPING, Tier.AUDIT),
  PERMISSIONS_MODIFY("Permissions.Modify", null, EnumSet.noneOf(Tier.class), 8, 9);

  /** The {@code $privgroups} keys; the built-in roles are named after them. */
  enum Category {
    VM("VM"),
    SYS("Sys"),
    DATASTORE("Datastore"),
    SDN("SDN"),
    USER("User"),
    POOL("Pool"),
    MAPPING("Mapping");

    final String roleInfix;

    Category(String roleInfix) {
      this.roleInfix = roleInfix;
    }
  }

  /** root: only Administrator; admin: PVE*Admin; user: PVE*User; audit: PVEAuditor. */
  enum Tier {
    ROOT,
    ADMIN,
    USER,
    AUDIT
  }

  private static final Map<String, Privilege> BY_NAME = new LinkedHashMap<>();

  static {
    for (Privilege p : values()) {
      BY_NAME.put(p.pveName, p);
    }
  }

  private final String pveName;
  final Category category;
  final Set<Tier> tiers;
  private final int fromMajor;
  private final int toMajor;

  Privilege(String pveName, Category category, Tier tier) {
    this(pveName, category, EnumSet.of(tier), 8, 9);
  }

  Privilege(String pveName, Category category, Tier tier, int fromMajor, int toMajor) {
    this(pveName, category, EnumSet.of(tier), fromMajor, toMajor);
  }

  Privilege(String pveName, Category category, Set<Tier> tiers, int fromMajor, int toMajor) {
    this.pveName = pveName;
    this.category = category;
    this.tiers = tiers;
    this.fromMajor = fromMajor;
    this.toMajor = toMajor;
  }

  /** The name as PVE spells it, e.g. {@code VM.PowerMgmt}. */
  public String pveName() {
    return pveName;
  }

  /** Whether this PVE major knows the privilege. */
  public boolean existsIn(int pveMajor) {
    return pveMajor >= fromMajor && pveMajor <= toMajor;
  }

  /**
   * The privilege of that name on that PVE major; pve-access-control {@code add_role_privs} dies
   * {@code invalid privilege '<name>'} for anything else.
   */
  public static Privilege of(String name, int pveMajor) {
    Privilege p = BY_NAME.get(name);
    if (p == null || !p.existsIn(pveMajor)) {
      throw new IllegalArgumentException("invalid privilege '" + name + "'");
    }
    return p;
  }

  @Override
  public String toString() {
    return pveName;
  }
}
