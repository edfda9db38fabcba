package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.ApiServer;
import io.pvepanel.proxmox.simulator.http.Json;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cluster-wide views: {@code /version}, {@code /nodes}, {@code /cluster/resources} and {@code
 * /cluster/nextid}.
 */
public final class ClusterApi {

  private final Cluster cluster;
  private final Function<String, String> nodeFingerprint;

  private final int pveVersion;

  private final AccessControl access;

  public ClusterApi(
      Cluster cluster,
      Function<String, String> nodeFingerprint,
      int pveVersion,
      AccessControl access) {
    this.cluster = cluster;
    this.access = access;
    this.pveVersion = pveVersion;
    this.nodeFingerprint = nodeFingerprint;
  }

  public void register(Router r) {
    r.get("/version", Params.none(), req -> version());
    r.get("/nodes", Params.none(), req -> nodes(req));
    r.get(
        "/cluster/resources",
        Params.none().enumOf("type", "vm", "storage", "node", "sdn"),
        this::resources);
    r.get("/cluster/nextid", Params.none().vmid("vmid"), this::nextid);
  }

  private Object version() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", pveVersion == 8 ? "8.4.1" : "9.0.11");
    m.put("release", pveVersion == 8 ? "8.4" : "9.0");
    m.put("repoid", "3bf5476b8a4699e2");
    m.put("console", "xtermjs");
    return m;
  }

  /**
   * pve-manager API2/Nodes.pm index and API2Tools.pm {@code extract_node_stats}: without Sys.Audit
   * on {@code /nodes/<node>} a node shows no figures.
   */
  private List<Map<String, Object>> nodes(ApiRequest req) {
    List<Map<String, Object>> out = nodes();
    for (Map<String, Object> m : out) {
      if (!access.has(req.principal(), "/nodes/" + m.get("node"), Privilege.SYS_AUDIT)) {
        for (String k : List.of("cpu", "maxcpu", "mem", "maxmem", "disk", "maxdisk", "uptime")) {
          m.remove(k);
        }
      }
    }
    return out;
  }

  private List<Map<String, Object>> nodes() {
    List<Map<String, Object>> out = new ArrayList<>();
    long t = cluster.sampleTime();
    for (String n : cluster.nodes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", n);
      m.put("id", "node/" + n);
      m.put("type", "node");
      m.put("status", "online");
      m.put("level", "");
      m.put("cpu", Cluster.round(0.02 + 0.1 * LoadModel.unit(n.hashCode(), t / 60, 7)));
      m.put("maxcpu", 32);
      m.put("mem", 34359738368L + (long) (LoadModel.unit(n.hashCode(), t / 60, 8) * (8L << 30)));
      m.put("maxmem", 137438953472L);
      m.put("disk", 10737418240L);
      m.put("maxdisk", 107374182400L);
      m.put("uptime", 1_234_567L + (t % 100_000));
      m.put("ssl_fingerprint", nodeFingerprint.apply(n));
      out.add(m);
    }
    return out;
  }

  /**
   * pve-manager API2/Cluster.pm resources: guests only with VM.Audit on {@code /vms/<id>} (also
   * through a pool), storages only with Datastore.Audit, nodes without figures unless Sys.Audit —
   * filtered silently, never a 403.
   */
  private Object resources(ApiRequest req) {
    String type = req.str("type");
    boolean allGuests = access.uniformlyGranted(req.principal(), "/vms", Privilege.VM_AUDIT);
    if ("vm".equals(type) && allGuests) {
      return new ApiServer.RawEnvelope(cluster.guestResourcesEnvelope());
    }
    StringBuilder sb = new StringBuilder("[");
    boolean first = true;
    if (type == null || type.equals("vm")) {
      String guests =
          allGuests
              ? cluster.guestResourcesJson()
              : cluster.guestResourcesJson(
                  vmid -> access.has(req.principal(), "/vms/" + vmid, Privilege.VM_AUDIT));
      sb.append(guests);
      first = guests.isEmpty();
    }
    List<Object> extra = new ArrayList<>();
    if (type == null || type.equals("node")) {
      for (Map<String, Object> n : nodes(req)) {
        n.remove("ssl_fingerprint");
        n.put("cgroup-mode", 2);
        extra.add(n);
      }
    }
    if (type == null || type.equals("storage")) {
      for (String n : cluster.nodes()) {
        for (Storage s : cluster.storages()) {
          if (!access.has(req.principal(), "/storage/" + s.id(), Privilege.DATASTORE_AUDIT)) {
            continue;
          }
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", "storage/" + n + "/" + s.id());
          m.put("type", "storage");
          m.put("storage", s.id());
          m.put("node", n);
          m.put("status", "available");
          m.put("plugintype", s.type());
          m.put("content", s.content());
          m.put("shared", 0);
          m.put("disk", s.used());
          m.put("maxdisk", s.total());
          extra.add(m);
        }
      }
    }
    for (Object o : extra) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(new String(Json.write(o), StandardCharsets.UTF_8));
    }
    sb.append(']');
    return new ApiServer.RawJson(sb.toString());
  }

  private Object nextid(ApiRequest req) {
    if (req.has("vmid")) {
      int vmid = (int) req.integer("vmid", 0);
      if (cluster.guest(vmid) != null) {
        throw ApiException.param("vmid", "VM " + vmid + " already exists");
      }
      return String.valueOf(vmid);
    }
    return String.valueOf(cluster.nextFreeId());
  }
}
