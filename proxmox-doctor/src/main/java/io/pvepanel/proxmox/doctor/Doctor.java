package io.pvepanel.proxmox.doctor;

import io.pvepanel.proxmox.client.ClusterResource;
import io.pvepanel.proxmox.client.ConsolidationFunction;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.GuestStatus;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.NodeInfo;
import io.pvepanel.proxmox.client.PackageVersion;
import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusterProperties;
import io.pvepanel.proxmox.client.ProxmoxConfigurationException;
import io.pvepanel.proxmox.client.ProxmoxException;
import io.pvepanel.proxmox.client.ProxmoxSshException;
import io.pvepanel.proxmox.client.PveVersion;
import io.pvepanel.proxmox.client.RrdPoint;
import io.pvepanel.proxmox.client.StorageInfo;
import io.pvepanel.proxmox.client.Timeframe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The read-only preflight of one cluster: every call is a GET (or an SSH login without a command).
 * Each check adds one or more lines; a failed call becomes a WARN or FAIL line, never an abort,
 * except when the API itself cannot be used.
 */
public final class Doctor {
  // QEMU guests asked for their agent: enough to see a pattern, cheap on a large cluster
  static final int MAX_AGENT_PROBES = 20;

  private final ProxmoxClient client;
  private final ProxmoxClusterProperties props;
  private final Clock clock;
  private final Duration timeout;
  private final String cluster;
  private final List<Check> out = new ArrayList<>();

  public Doctor(
      ProxmoxClient client, ProxmoxClusterProperties props, Clock clock, Duration timeout) {
    this.client = client;
    this.props = props;
    this.clock = clock;
    this.timeout = timeout;
    this.cluster = props.name();
  }

  /** Runs every check and returns the lines, in order. */
  public List<Check> run() {
    PveVersion version = version();
    if (version == null) {
      return List.copyOf(out);
    }
    int major = version.major();
    List<String> nodes = nodes();
    Map<String, List<PackageVersion>> packages = new LinkedHashMap<>();
    for (String node : nodes) {
      packages.put(node, packages(node));
    }
    out.add(
        Checks.consoleAuth(
            cluster,
            isToken(),
            props.consoleUser() == null ? null : props.consoleUser().username(),
            major,
            packages));
    privileges(major);
    for (String node : nodes) {
      storage(node);
    }
    ssh(nodes);
    List<ClusterResource> guests = guests();
    agents(guests);
    rrd(guests);
    return List.copyOf(out);
  }

  private boolean isToken() {
    return props.apiToken() != null && !props.apiToken().isBlank();
  }

  private String identity() {
    if (isToken()) {
      String t = props.apiToken().replaceFirst("^PVEAPIToken[= ]", "");
      int eq = t.indexOf('=');
      return "token " + (eq < 0 ? t : t.substring(0, eq));
    }
    return "user " + props.username();
  }

  private PveVersion version() {
    try {
      PveVersion v = client.version().block(timeout);
      Instant local = clock.instant();
      if (v == null) {
        out.add(Check.fail(cluster, "api", "GET /version answered no data", "check base-url"));
        return null;
      }
      String detail = "PVE " + v.version() + " (release " + v.release() + ") as " + identity();
      if (v.major() == 8 || v.major() == 9) {
        out.add(Check.ok(cluster, "api", detail));
      } else {
        out.add(
            Check.warn(
                cluster,
                "api",
                detail,
                "the panel is built and tested for PVE 8 and 9; upgrade before relying on it"));
      }
      out.add(Checks.clock(cluster, v.serverDate(), local));
      return v;
    } catch (ProxmoxApiException.Unauthorized e) {
      out.add(
          Check.fail(
              cluster,
              "api",
              "credentials rejected (401 " + e.pveMessage() + ")",
              "check api-token (USER@REALM!TOKENID=SECRET) or username/password, and that the"
                  + " user and token are enabled and not expired"));
    } catch (ProxmoxConfigurationException e) {
      out.add(Check.fail(cluster, "api", e.getMessage(), "configure an API token"));
    } catch (ProxmoxException e) {
      out.add(
          Check.fail(
              cluster,
              "api",
              "cannot use the API: " + e.getMessage(),
              "check base-url (https://host:8006), tls-fingerprint / ca-file and the network"));
    } catch (RuntimeException e) {
      out.add(Check.fail(cluster, "api", "no answer: " + e, "check base-url and the network"));
    }
    return null;
  }

  private List<String> nodes() {
    try {
      List<NodeInfo> nodes = client.nodes().block(timeout);
      List<String> names = new ArrayList<>();
      List<String> offline = new ArrayList<>();
      for (NodeInfo n : nodes) {
        names.add(n.node());
        if (!"online".equals(n.status())) {
          offline.add(n.node());
        }
      }
      if (offline.isEmpty()) {
        out.add(Check.ok(cluster, "nodes", String.join(", ", names) + " online"));
      } else {
        out.add(
            Check.warn(
                cluster,
                "nodes",
                String.join(", ", offline) + " not online (of " + String.join(", ", names) + ")",
                "guests on an offline node fail with 595/596 until it is back (only that node's"
                    + " circuit breaker opens)"));
      }
      names.removeAll(offline);
      return names;
    } catch (RuntimeException e) {
      out.add(Check.fail(cluster, "nodes", "GET /nodes failed: " + e.getMessage(), null));
      return List.of();
    }
  }

  private List<PackageVersion> packages(String node) {
    String name = "packages " + node;
    try {
      List<PackageVersion> p = client.aptVersions(node).block(timeout);
      out.add(Check.ok(cluster, name, Checks.packageSummary(p)));
      return p;
    } catch (ProxmoxApiException.Forbidden e) {
      out.add(
          Check.warn(
              cluster,
              name,
              "the " + identity() + " may not read them (403)",
              "grant Sys.Audit on /nodes to check package versions (console auth needs them)"));
    } catch (RuntimeException e) {
      out.add(Check.warn(cluster, name, "unreadable: " + e.getMessage(), null));
    }
    return null;
  }

  private void privileges(int major) {
    try {
      Map<String, Map<String, Object>> perms = client.permissions().block(timeout);
      out.addAll(Checks.privileges(cluster, perms, major, identity()));
    } catch (RuntimeException e) {
      out.add(
          Check.warn(
              cluster,
              "privileges",
              "GET /access/permissions failed: " + e.getMessage(),
              "check the token's privileges by hand (pveum user token permissions)"));
    }
  }

  private void storage(String node) {
    try {
      List<StorageInfo> s = client.storages(node).block(timeout);
      out.add(Checks.storages(cluster, node, s));
    } catch (RuntimeException e) {
      out.add(Check.warn(cluster, "storage " + node, "unreadable: " + e.getMessage(), null));
    }
  }

  private void ssh(List<String> nodes) {
    if (client.sshNodes().isEmpty()) {
      out.add(
          Check.warn(
              cluster,
              "node ssh",
              "not configured",
              "LXC root password resets need node-ssh (user, private-key, nodes.<node>.host and"
                  + " host-key-fingerprint)"));
      return;
    }
    TreeSet<String> all = new TreeSet<>(nodes);
    all.addAll(client.sshNodes());
    for (String node : all) {
      String name = "node ssh " + node;
      if (!client.sshNodes().contains(node)) {
        out.add(
            Check.warn(
                cluster,
                name,
                "no node-ssh endpoint for this node",
                "add node-ssh.nodes." + node + " (host, host-key-fingerprint)"));
        continue;
      }
      if (!nodes.contains(node)) {
        out.add(
            Check.warn(
                cluster,
                name,
                "configured but not an online node of the cluster",
                "remove or rename node-ssh.nodes." + node));
        continue;
      }
      try {
        client.checkNodeSsh(node).block(timeout.plusSeconds(30));
        out.add(Check.ok(cluster, name, "host key matches the pin, key login accepted"));
      } catch (ProxmoxSshException e) {
        out.add(
            Check.fail(
                cluster,
                name,
                e.getMessage(),
                e.isHostKeyRejected()
                    ? "compare host-key-fingerprint with ssh-keygen -lf"
                        + " /etc/ssh/ssh_host_ecdsa_key.pub on the node"
                    : "check host/port, node-ssh.user and that the key is authorised"));
      } catch (RuntimeException e) {
        out.add(Check.fail(cluster, name, e.getMessage(), "check host/port and the network"));
      }
    }
  }

  private List<ClusterResource> guests() {
    try {
      List<ClusterResource> g = client.clusterResources().block(timeout);
      return g == null ? List.of() : g;
    } catch (RuntimeException e) {
      out.add(
          Check.fail(cluster, "guests", "GET /cluster/resources failed: " + e.getMessage(), null));
      return List.of();
    }
  }

  private void agents(List<ClusterResource> guests) {
    List<ClusterResource> qemu =
        guests.stream().filter(g -> g.guestType() == GuestType.QEMU).toList();
    if (qemu.isEmpty()) {
      out.add(Check.ok(cluster, "guest agents", "no QEMU guests visible"));
      return;
    }
    List<String> answering = new ArrayList<>();
    List<String> notConfigured = new ArrayList<>();
    List<String> notRunning = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (ClusterResource r : qemu.subList(0, Math.min(MAX_AGENT_PROBES, qemu.size()))) {
      GuestRef ref = r.ref();
      String id = String.valueOf(ref.vmid());
      try {
        GuestStatus s = client.status(ref).block(timeout);
        if (s.agent() == null || s.agent() == 0) {
          notConfigured.add(id);
        } else if (!s.isRunning()) {
          stopped.add(id);
        } else {
          client.agentFsInfo(ref).block(timeout);
          answering.add(id);
        }
      } catch (ProxmoxApiException.AgentUnavailable e) {
        (e.isConfigured() ? notRunning : notConfigured).add(id);
      } catch (RuntimeException e) {
        unknown.add(id);
      }
    }
    String detail =
        "QEMU guests checked "
            + Math.min(MAX_AGENT_PROBES, qemu.size())
            + " of "
            + qemu.size()
            + ": agent answering "
            + list(answering)
            + "; configured, guest stopped "
            + list(stopped)
            + "; configured, not running "
            + list(notRunning)
            + "; not configured "
            + list(notConfigured)
            + (unknown.isEmpty() ? "" : "; unreadable " + list(unknown));
    if (notRunning.isEmpty() && notConfigured.isEmpty() && unknown.isEmpty()) {
      out.add(Check.ok(cluster, "guest agents", detail));
    } else {
      out.add(
          Check.warn(
              cluster,
              "guest agents",
              detail,
              "password resets and disk figures of VMs need qemu-guest-agent installed and"
                  + " running, and agent: 1 in the VM config"));
    }
  }

  private static String list(List<String> ids) {
    return ids.isEmpty() ? "none" : String.join(",", ids);
  }

  private void rrd(List<ClusterResource> guests) {
    ClusterResource sample =
        guests.stream().filter(g -> "running".equals(g.status())).findFirst().orElse(null);
    if (sample == null) {
      out.add(
          Check.warn(cluster, "rrd", "no running guest to sample", "run the check again later"));
      return;
    }
    GuestRef ref = sample.ref();
    try {
      List<RrdPoint> hour =
          client.rrddata(ref, Timeframe.HOUR, ConsolidationFunction.AVERAGE).block(timeout);
      List<RrdPoint> month =
          client.rrddata(ref, Timeframe.MONTH, ConsolidationFunction.AVERAGE).block(timeout);
      Duration hourStep = RrdPoint.coarsestStep(hour, Instant.EPOCH);
      TreeSet<Long> monthSteps = new TreeSet<>();
      month.forEach(p -> monthSteps.add(p.step() == null ? 0 : p.step().toSeconds()));
      monthSteps.remove(0L);
      String layout;
      if (monthSteps.equals(new TreeSet<>(List.of(1800L)))) {
        layout = "PVE 9 layout (month 30 min)";
      } else if (monthSteps.equals(new TreeSet<>(List.of(43_200L)))) {
        layout = "PVE 8 layout (month 12 h)";
      } else if (monthSteps.contains(1800L) && monthSteps.contains(43_200L)) {
        layout = "mixed PVE 8 and 9 layouts (upgraded; the old file still covers the month)";
      } else {
        layout = "month steps " + monthSteps + " s";
      }
      boolean hasCpu = hour.stream().anyMatch(p -> p.cpuPercent() != null && p.maxCpu() != null);
      String detail =
          "guest "
              + ref.vmid()
              + ": hour "
              + hour.size()
              + " points, step "
              + (hourStep == null ? "?" : hourStep.toSeconds() + " s")
              + "; month "
              + month.size()
              + " points, "
              + layout;
      if (hour.isEmpty() || month.isEmpty() || !hasCpu) {
        out.add(
            Check.warn(
                cluster,
                "rrd",
                detail + (hasCpu ? "" : "; no cpu values in the last hour"),
                "check pvestatd on the node (systemctl status pvestatd)"));
      } else {
        out.add(Check.ok(cluster, "rrd", detail));
      }
    } catch (RuntimeException e) {
      out.add(Check.warn(cluster, "rrd", "rrddata failed: " + e.getMessage(), null));
    }
  }
}
