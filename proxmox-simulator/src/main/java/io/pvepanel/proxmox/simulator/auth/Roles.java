package io.pvepanel.proxmox.simulator.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The built-in roles as pve-access-control {@code PVE/AccessControl.pm} {@code create_roles} makes
 * them from {@code $privgroups}: {@code PVE<cat>Admin} (admin + user + audit tier), {@code
 * PVE<cat>User} (user + audit, where the category has a user tier), {@code PVEAdmin} (every admin
 * role but {@code Mapping.Modify}), {@code PVEAuditor} (audit tiers), {@code PVETemplateUser},
 * {@code Administrator} (everything) and {@code NoAccess} (nothing).
 */
final class Roles {
  private Roles() {}

  static final String NO_ACCESS = "NoAccess";
  static final String ADMINISTRATOR = "Administrator";

  static Map<String, Set<Privilege>> builtIn(int major) {
    Map<String, Set<Privilege>> roles = new LinkedHashMap<>();
    roles.put(NO_ACCESS, EnumSet.noneOf(Privilege.class));
    EnumSet<Privilege> all = EnumSet.noneOf(Privilege.class);
    EnumSet<Privilege> pveAdmin = EnumSet.noneOf(Privilege.class);
    EnumSet<Privilege> auditor = EnumSet.noneOf(Privilege.class);
    for (Privilege.Category cat : Privilege.Category.values()) {
      EnumSet<Privilege> admin = EnumSet.noneOf(Privilege.class);
      EnumSet<Privilege> user = EnumSet.noneOf(Privilege.class);
      boolean hasUserTier = false;
      for (Privilege p : Privilege.values()) {
        if (p.category != cat || !p.existsIn(major)) {
          continue;
        }
        boolean a = p.tiers.contains(Privilege.Tier.ADMIN);
        boolean u = p.tiers.contains(Privilege.Tier.USER);
        boolean au = p.tiers.contains(Privilege.Tier.AUDIT);
        if (a || u || au) {
          admin.add(p);
        }
        if (u || au) {
          user.add(p);
        }
        hasUserTier |= u;
        if (au) {
          auditor.add(p);
        }
      }
      roles.put("PVE" + cat.roleInfix + "Admin", Collections.unmodifiableSet(admin));
      pveAdmin.addAll(admin);
      if (hasUserTier) {
        roles.put("PVE" + cat.roleInfix + "User", Collections.unmodifiableSet(user));
      }
    }
    pveAdmin.remove(Privilege.MAPPING_MODIFY);
    roles.put("PVEAdmin", Collections.unmodifiableSet(pveAdmin));
    roles.put("PVEAuditor", Collections.unmodifiableSet(auditor));
    roles.put(
        "PVETemplateUser",
        Collections.unmodifiableSet(EnumSet.of(Privilege.VM_CLONE, Privilege.VM_AUDIT)));
    for (Privilege p : Privilege.values()) {
      if (p.existsIn(major)) {
        all.add(p);
      }
    }
    roles.put(ADMINISTRATOR, Collections.unmodifiableSet(all));
    return Collections.unmodifiableMap(roles);
  }
}
