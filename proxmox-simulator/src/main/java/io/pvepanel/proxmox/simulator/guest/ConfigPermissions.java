package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Principal;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which privilege each changed config option needs: pve-container {@code PVE/LXC.pm} {@code
 * check_ct_modify_config_perm} and qemu-server {@code PVE/API2/Qemu.pm} {@code
 * check_vm_modify_config_perm}; tags as pve-guest-common {@code GuestHelpers.pm} {@code
 * assert_tag_permissions} with the default {@code user-tag-access} (free).
 */
final class ConfigPermissions {
  private ConfigPermissions() {}

  // pve-container LXC.pm $NEW_DISK_RE: "<storage>:<size in GiB>" allocates a new volume
  private static final Pattern NEW_DISK = Pattern.compile("^(?:([^/:\\s]+):)?(\\d+(\\.\\d+)?)$");

  /**
   * check_ct_modify_config_perm for the options in {@code newConf} and those in {@code delete}
   * (root@pam passes everything). {@code oldFeatures} is the container's {@code features} or null.
   */
  static void lxc(
      AccessControl access,
      Principal who,
      int vmid,
      String pool,
      String oldFeatures,
      Map<String, Object> newConf,
      Collection<String> delete,
      boolean unprivileged) {
    if (who.isRootPam()) {
      return;
    }
    for (Map.Entry<String, Object> e : newConf.entrySet()) {
      lxcOption(
          access, who, vmid, pool, oldFeatures, e.getKey(), e.getValue(), false, unprivileged);
    }
    for (String opt : delete) {
      lxcOption(access, who, vmid, pool, oldFeatures, opt, null, true, unprivileged);
    }
  }

  private static void lxcOption(
      AccessControl access,
      Principal who,
      int vmid,
      String pool,
      String oldFeatures,
      String opt,
      Object value,
      boolean delete,
      boolean unprivileged) {
    if (opt.equals("cores") || opt.equals("cpuunits") || opt.equals("cpulimit")) {
      access.checkVm(who, vmid, pool, Privilege.VM_CONFIG_CPU);
    } else if (opt.equals("rootfs") || opt.matches("mp\\d+")) {
      access.checkVm(who, vmid, pool, Privilege.VM_CONFIG_DISK);
      if (delete) {
        return;
      }
      String volume = String.valueOf(value).split(",")[0];
      if (volume.startsWith("volume=")) {
        volume = volume.substring("volume=".length());
      }
      if (volume.startsWith("/")) {
        throw AccessControl.denied("mount point type bind is only allowed for root@pam");
      }
      Matcher m = NEW_DISK.matcher(volume);
      if (m.matches()) {
        access.check(who, "/storage/" + m.group(1), Privilege.DATASTORE_ALLOCATE_SPACE);
      }
    } else if (opt.equals("memory") || opt.equals("swap")) {
      access.checkVm(who, vmid, pool, Privilege.VM_CONFIG_MEMORY);
    } else if (opt.matches("net\\d+")
        || opt.equals("nameserver")
        || opt.equals("searchdomain")
        || opt.equals("hostname")) {
      access.checkVm(who, vmid, pool, Privilege.VM_CONFIG_NETWORK);
    } else if (opt.matches("dev\\d+")) {
      throw AccessControl.denied("configuring device passthrough is only allowed for root@pam");
    } else if (opt.equals("features")) {
      features(
          access,
          who,
          vmid,
          pool,
          oldFeatures,
          delete ? null : String.valueOf(value),
          unprivileged);
    } else if (opt.equals("hookscript")) {
      throw AccessControl.denied("changing the hookscript is only allowed for root@pam");
    } else if (opt.equals("tags")) {
      access.checkVm(who, vmid, null, Privilege.VM_CONFIG_OPTIONS);
    } else {
      access.checkVm(who, vmid, pool, Privilege.VM_CONFIG_OPTIONS);
    }
  }

  /** Only {@code nesting} may change without root@pam (then with VM.Allocate). */
  private static void features(
      AccessControl access,
      Principal who,
      int vmid,
      String pool,
      String oldFeatures,
      String newFeatures,
      boolean unprivileged) {
    if (!unprivileged) {
      throw AccessControl.denied(
          "changing feature flags for privileged container is only allowed for root@pam");
    }
    boolean nesting = false;
    boolean other = false;
    if (newFeatures != null) {
      Map<String, String> nw = parseFeatures(newFeatures);
      if (oldFeatures != null && !oldFeatures.isEmpty()) {
        Map<String, String> old = parseFeatures(oldFeatures);
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(old.keySet());
        keys.addAll(nw.keySet());
        for (String k : keys) {
          if (!old.getOrDefault(k, "").equals(nw.getOrDefault(k, ""))) {
            if (k.equals("nesting")) {
              nesting = true;
            } else {
              other = true;
              break;
            }
          }
        }
      } else if (nw.size() == 1 && nw.containsKey("nesting")) {
        nesting = true;
      } else if (!nw.isEmpty()) {
        other = true;
      }
    } else {
      Map<String, String> old = parseFeatures(oldFeatures == null ? "" : oldFeatures);
      if (old.size() == 1 && old.containsKey("nesting")) {
        nesting = true;
      } else if (!old.isEmpty()) {
        other = true;
      }
    }
    if (other) {
      throw AccessControl.denied(
          "changing feature flags (except nesting) is only allowed for root@pam");
    }
    if (nesting) {
      access.checkVm(who, vmid, pool, Privilege.VM_ALLOCATE);
    }
  }

  /** {@code nesting=1,keyctl=1} → {nesting: 1, keyctl: 1}. */
  static Map<String, String> parseFeatures(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : s.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      m.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "1" : part.substring(eq + 1));
    }
    return m;
  }

  /** check_vm_modify_config_perm for the QEMU options the simulator accepts. */
  static void qemu(AccessControl access, Principal who, int vmid, Collection<String> keys) {
    if (who.isRootPam()) {
      return;
    }
    for (String opt : keys) {
      Privilege p =
          switch (opt) {
            case "tags" -> null;
            case "cores", "sockets", "cpu", "cpulimit", "cpuunits", "vcpus", "affinity" ->
                Privilege.VM_CONFIG_CPU;
            case "memory", "balloon", "shares" -> Privilege.VM_CONFIG_MEMORY;
            default ->
                opt.matches("net\\d+") ? Privilege.VM_CONFIG_NETWORK : Privilege.VM_CONFIG_OPTIONS;
          };
      if (p != null) {
        access.checkVm(who, vmid, null, p);
      }
    }
    if (keys.contains("tags")) {
      access.checkVm(who, vmid, null, Privilege.VM_CONFIG_OPTIONS);
    }
  }
}
