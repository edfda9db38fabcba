package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@code rrddata} as pve-cluster src/PVE/RRD.pm {@code create_rrd_data} serves it: from the vmid's
 * RRD file, without looking at the guest's config (a destroyed guest's history stays readable, a
 * guest on another node reads the same cluster-wide file). The states are those {@link RrdStore}
 * recorded; the figures derive from {@link LoadModel}.
 */
public final class RrdApi {

  private final Cluster cluster;
  private final int pveVersion;

  public RrdApi(Cluster cluster, int pveVersion) {
    this.cluster = cluster;
    this.pveVersion = pveVersion;
  }

  public void register(Router r) {
    Params p =
        Params.none()
            .enumOf("timeframe", "hour", "day", "week", "month", "year")
            .enumOf("cf", "AVERAGE", "MAX")
            .required("timeframe");
    // pve-container API2/LXC.pm, qemu-server API2/Qemu.pm rrddata
    Permission audit = Permission.perm("/vms/{vmid}", Privilege.VM_AUDIT);
    r.get("/nodes/{node}/lxc/{vmid}/rrddata", p, req -> rrd(req, GuestType.LXC)).check(audit);
    r.get("/nodes/{node}/qemu/{vmid}/rrddata", p, req -> rrd(req, GuestType.QEMU)).check(audit);
  }

  /** Resolution (s) and point count per timeframe: RRD.pm {@code $setup} of PVE 9 / PVE 8. */
  static long[] shape(String timeframe, int pveVersion) {
    if (pveVersion == 8) {
      return switch (timeframe) {
        case "hour" -> new long[] {60, 70};
        case "day" -> new long[] {1800, 70};
        case "week" -> new long[] {10800, 70};
        case "month" -> new long[] {43200, 70};
        default -> new long[] {604800, 70};
      };
    }
    return switch (timeframe) {
      case "hour" -> new long[] {60, 60};
      case "day" -> new long[] {60, 1440};
      case "week" -> new long[] {1800, 336};
      case "month" -> new long[] {1800, 1440};
      default -> new long[] {21600, 1440};
    };
  }

  private Object rrd(ApiRequest req, GuestType type) {
    Guests.requireNode(cluster, req.node());
    int vmid = req.vmid();
    Guest live = cluster.guest(vmid);
    long now = cluster.now();
    if (now < cluster.rrd().created(vmid, live)) {
      // no file until pvestatd's first tick after the guest appeared; RRDs::fetch through
      // rrdcached (pve-cluster RRD.pm passes --daemon when the socket exists)
      throw ApiException.fail(
          "RRD error: rrdcached@unix:/var/run/rrdcached.sock: rrd_fetch_r failed: opening"
              + " '/var/lib/rrdcached/db/"
              + (pveVersion == 8 ? "pve2-vm/" : "pve-vm-9.0/")
              + vmid
              + "': No such file or directory");
    }
    long[] shape = shape(req.str("timeframe"), pveVersion);
    boolean max = "MAX".equals(req.str("cf"));
    long created = cluster.rrd().created(vmid, live);
    return points(
        t -> cluster.rrd().stateAt(vmid, t, live),
        created,
        shape[0],
        (int) shape[1],
        max,
        now,
        pveVersion);
  }

  static List<Map<String, Object>> points(
      LongFunction<Guest> stateAt,
      long created,
      long res,
      int count,
      boolean max,
      long now,
      int pveVersion) {
    long last = now - Math.floorMod(now, res);
    long first = last - (count - 1) * res;
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (long t = first; t <= last; t += res) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("time", t);
      // the state recorded last in the bucket (in the current bucket: now)
      Guest g = stateAt.apply(Math.min(now, Math.max(t + res - 1, created)));
      if (g != null && t + res > created) {
        p.put("maxcpu", g.cores);
        p.put("maxmem", LoadModel.maxmem(g));
        p.put("maxdisk", LoadModel.maxdisk(g));
        boolean running = g.running() && t >= g.startedAt;
        if (running) {
          double f = max ? 1.1 + 0.2 * LoadModel.unit(g.vmid, t, 60) : 1.0;
          double cpu = g.status == Guest.Status.PAUSED ? 0 : LoadModel.cpu(g, t) * f;
          p.put("cpu", Cluster.round(Math.min(1.0, cpu)));
          double mem = LoadModel.maxmem(g) * Math.min(0.99, LoadModel.memFraction(g, t) * f);
          p.put("mem", Math.round(mem * 10) / 10.0);
          p.put("disk", LoadModel.disk(g));
          if (t > g.startedAt) {
            // a DERIVE counter reset (the start bucket) has no rate
            p.put("netin", rate(g, 0, t, f));
            p.put("netout", rate(g, 1, t, f));
            p.put("diskread", rate(g, 2, t, f));
            p.put("diskwrite", rate(g, 3, t, f));
          }
          if (pveVersion >= 9) {
            if (g.type == GuestType.QEMU) {
              p.put("memhost", Math.round(mem * 1.03));
            }
            p.put("pressurecpusome", LoadModel.pressure(g, t, 1));
            p.put("pressurecpufull", LoadModel.pressure(g, t, 2));
            p.put("pressureiosome", LoadModel.pressure(g, t, 3));
            p.put("pressureiofull", LoadModel.pressure(g, t, 4));
            p.put("pressurememorysome", LoadModel.pressure(g, t, 5));
            p.put("pressurememoryfull", LoadModel.pressure(g, t, 6));
          }
        } else {
          p.put("disk", 0);
        }
      }
      out.add(p);
    }
    // PVE 9 drops the last point when it holds nothing but the time (RRD.pm, fix #6615)
    if (pveVersion >= 9 && !out.isEmpty() && out.get(out.size() - 1).size() == 1) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static double rate(Guest g, int which, long t, double f) {
    return Math.round(LoadModel.rate(g, which, t) * f * 10) / 10.0;
  }
}
