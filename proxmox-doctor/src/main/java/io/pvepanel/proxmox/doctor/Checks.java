package io.pvepanel.proxmox.doctor;

import io.pvepanel.proxmox.client.ConsoleTokenSupport;
import io.pvepanel.proxmox.client.PackageVersion;
import io.pvepanel.proxmox.client.StorageInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The judgements of the preflight, on data already read (pure, unit-tested). */
final class Checks {
  private Checks() {}

  static final Duration SKEW_WARN = Duration.ofSeconds(5);
  static final Duration SKEW_FAIL = Duration.ofMinutes(2);

  /** A privilege the panel uses, the ACL path it needs it on, and what for. */
  record Needed(String privilege, String path, String usedFor) {}

  /** What the panel's token needs; the guest-agent privileges differ between PVE 8 and 9. */
  static List<Needed> neededPrivileges(int major) {
    List<Needed> out = new ArrayList<>();
    out.add(new Needed("VM.Audit", "/vms", "guest lists, status, RRD graphs"));
    out.add(new Needed("VM.PowerMgmt", "/vms", "start, stop, shutdown, reboot"));
    out.add(new Needed("VM.Snapshot", "/vms", "create and delete snapshots"));
    out.add(new Needed("VM.Snapshot.Rollback", "/vms", "roll back to a snapshot"));
    out.add(new Needed("VM.Console", "/vms", "browser console (termproxy, vncproxy)"));
    out.add(new Needed("VM.Allocate", "/vms", "create and delete servers"));
    out.add(new Needed("VM.Config.CPU", "/vms", "cores of a new server"));
    out.add(new Needed("VM.Config.Memory", "/vms", "memory and swap of a new server"));
    out.add(new Needed("VM.Config.Disk", "/vms", "root disk of a new server"));
    out.add(new Needed("VM.Config.Network", "/vms", "net0 of a new server"));
    out.add(new Needed("VM.Config.Options", "/vms", "hostname, nameserver, tags of a new server"));
    if (major >= 9) {
      out.add(new Needed("VM.GuestAgent.Audit", "/vms", "QEMU disk usage (agent get-fsinfo)"));
      out.add(
          new Needed(
              "VM.GuestAgent.Unrestricted",
              "/vms",
              "QEMU password reset (agent set-user-password)"));
    } else {
      out.add(new Needed("VM.Monitor", "/vms", "QEMU guest agent calls (PVE 8)"));
    }
    out.add(new Needed("Datastore.AllocateSpace", "/storage", "root disk of a new server"));
    out.add(new Needed("Sys.Audit", "/nodes", "node list, package versions, tasks of others"));
    return out;
  }

  /**
   * One line per needed privilege from {@code GET /access/permissions}: OK when granted on the path
   * (or inherited from {@code /}), WARN when granted only on some guests, pools or storages, FAIL
   * when missing.
   */
  static List<Check> privileges(
      String cluster, Map<String, Map<String, Object>> perms, int major, String identity) {
    List<Check> out = new ArrayList<>();
    for (Needed n : neededPrivileges(major)) {
      String name = "privilege " + n.privilege();
      // the value is the propagate flag: 0 = on that path only, not on the guests below it
      if (propagated(perms, n.path(), n.privilege()) || propagated(perms, "/", n.privilege())) {
        out.add(Check.ok(cluster, name, "granted on " + n.path() + " (" + n.usedFor() + ")"));
        continue;
      }
      if (has(perms, n.path(), n.privilege())) {
        out.add(
            Check.warn(
                cluster,
                name,
                "granted on " + n.path() + " without propagation (" + n.usedFor() + ")",
                "set propagate on the ACL of "
                    + n.path()
                    + " (pveum acl modify "
                    + n.path()
                    + " --propagate 1 ...) so it reaches "
                    + n.path()
                    + "/<id>"));
        continue;
      }
      List<String> partial =
          perms.entrySet().stream()
              .filter(
                  e ->
                      (e.getKey().startsWith(n.path() + "/") || e.getKey().startsWith("/pool/"))
                          && e.getValue() != null
                          && e.getValue().containsKey(n.privilege()))
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      String grant =
          "grant "
              + n.privilege()
              + " to "
              + identity
              + " on "
              + n.path()
              + " (pveum acl modify "
              + n.path()
              + " --roles <role with it> --tokens/--users ...)";
      if (!partial.isEmpty()) {
        out.add(
            Check.warn(
                cluster,
                name,
                "granted only on " + String.join(", ", partial) + " (" + n.usedFor() + ")",
                "servers elsewhere will fail; " + grant));
      } else {
        out.add(Check.fail(cluster, name, "missing (" + n.usedFor() + ")", grant));
      }
    }
    return out;
  }

  private static boolean propagated(
      Map<String, Map<String, Object>> perms, String path, String priv) {
    Map<String, Object> p = perms.get(path);
    Object flag = p == null ? null : p.get(priv);
    return flag != null && !"0".equals(String.valueOf(flag)) && !Boolean.FALSE.equals(flag);
  }

  private static boolean has(Map<String, Map<String, Object>> perms, String path, String priv) {
    Map<String, Object> p = perms.get(path);
    return p != null && p.containsKey(priv);
  }

  /** The server's Date against the local clock. */
  static Check clock(String cluster, Instant serverDate, Instant local) {
    if (serverDate == null) {
      return Check.warn(
          cluster,
          "clock",
          "the API answer carried no Date header, skew unknown",
          "check NTP (chrony) on the nodes and here");
    }
    Duration skew = Duration.between(local, serverDate).abs();
    // Date has whole seconds: up to 1 s is rounding
    String detail =
        "node clock "
            + (serverDate.isAfter(local) ? "ahead" : "behind")
            + " by "
            + skew.toSeconds()
            + " s";
    if (skew.compareTo(SKEW_WARN) <= 0) {
      return Check.ok(cluster, "clock", detail + " (within " + SKEW_WARN.toSeconds() + " s)");
    }
    String fix = "synchronise clocks with NTP (chrony) on the nodes and on the panel's hosts";
    if (skew.compareTo(SKEW_FAIL) <= 0) {
      return Check.warn(cluster, "clock", detail, fix);
    }
    return Check.fail(
        cluster,
        "clock",
        detail + " (tickets, task times and metric timestamps will disagree)",
        fix);
  }

  /**
   * Whether the browser console of containers works with the configured credentials: a ticket user
   * always does; an API token needs pve-container and libpve-access-control new enough on every
   * node.
   */
  static Check consoleAuth(
      String cluster,
      boolean token,
      String consoleUser,
      int major,
      Map<String, List<PackageVersion>> byNode) {
    String name = "console auth";
    if (!token) {
      return Check.ok(cluster, name, "ticket user: termproxy accepts its tickets");
    }
    List<String> min = ConsoleTokenSupport.MINIMUM.get(major);
    if (min == null) {
      return Check.warn(
          cluster,
          name,
          "PVE " + major + " is not one the panel knows (8, 9)",
          "check that termproxy accepts API tokens (Proxmox bug 6079)");
    }
    List<String> tooOld = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, List<PackageVersion>> e : byNode.entrySet()) {
      if (e.getValue() == null) {
        unknown.add(e.getKey());
        continue;
      }
      String container = installed(e.getValue(), "pve-container");
      String access = installed(e.getValue(), "libpve-access-control");
      if (container == null || access == null) {
        unknown.add(e.getKey());
      } else if (!ConsoleTokenSupport.acceptsToken(major, e.getValue())) {
        tooOld.add(
            e.getKey()
                + " (pve-container "
                + container
                + ", libpve-access-control "
                + access
                + ")");
      }
    }
    String need =
        "pve-container >= "
            + min.get(0)
            + " and libpve-access-control >= "
            + min.get(1)
            + " (PVE "
            + major
            + ")";
    if (consoleUser != null && (!tooOld.isEmpty() || !unknown.isEmpty())) {
      List<String> nodes = new ArrayList<>(tooOld);
      nodes.addAll(unknown);
      return Check.ok(
          cluster,
          name,
          "termproxy may reject the API token on "
              + String.join(", ", nodes)
              + " (Proxmox bug 6079): console-user "
              + consoleUser
              + " is used there");
    }
    if (!tooOld.isEmpty()) {
      return Check.fail(
          cluster,
          name,
          "termproxy rejects the API token on "
              + String.join(", ", tooOld)
              + " (Proxmox bug 6079): container consoles will fail",
          "upgrade to "
              + need
              + ", or configure console-user (a ticket user the client then uses for termproxy on"
              + " those nodes)");
    }
    if (!unknown.isEmpty()) {
      return Check.warn(
          cluster,
          name,
          "package versions unknown on " + String.join(", ", unknown),
          "container consoles with an API token need " + need + "; grant Sys.Audit on /nodes");
    }
    return Check.ok(cluster, name, "termproxy accepts the API token (" + need + ")");
  }

  static String installed(List<PackageVersion> packages, String name) {
    return ConsoleTokenSupport.installed(packages, name);
  }

  /** The packages worth printing for a node. */
  static String packageSummary(List<PackageVersion> packages) {
    Map<String, String> shown = new LinkedHashMap<>();
    for (String n :
        List.of("pve-manager", "pve-container", "qemu-server", "libpve-access-control")) {
      String v = installed(packages, n);
      shown.put(n, v == null ? "not installed" : v);
    }
    return shown.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** Which storages of a node can hold snapshots of guest volumes and which hold backups. */
  static Check storages(String cluster, String node, List<StorageInfo> storages) {
    String name = "storage " + node;
    if (storages.isEmpty()) {
      return Check.fail(
          cluster,
          name,
          "no storage visible",
          "grant Datastore.Audit/Datastore.AllocateSpace on /storage");
    }
    List<String> parts = new ArrayList<>();
    boolean snapshots = false;
    for (StorageInfo s : storages) {
      boolean guests = s.hasContent("rootdir") || s.hasContent("images");
      List<String> can = new ArrayList<>();
      if (guests) {
        can.add(s.canSnapshotGuests() ? "guests+snapshots" : "guests, no snapshots");
        snapshots |= s.canSnapshotGuests();
      }
      if (s.holdsBackups()) {
        can.add("backups");
      }
      if (s.hasContent("vztmpl")) {
        can.add("templates");
      }
      if (s.active() != null && s.active() == 0) {
        can.add("INACTIVE");
      }
      parts.add(s.storage() + " (" + s.type() + ": " + String.join(", ", can) + ")");
    }
    String detail = String.join("; ", parts);
    if (!snapshots) {
      return Check.warn(
          cluster,
          name,
          detail,
          "snapshots need a zfspool, lvmthin, rbd or btrfs storage for guests (set the panel's"
              + " storage to one)");
    }
    return Check.ok(cluster, name, detail);
  }
}
