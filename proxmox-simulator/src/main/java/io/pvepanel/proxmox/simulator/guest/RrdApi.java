package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rrddata} with PVE 9 resolutions; points derive from {@link LoadModel}. */
public final class RrdApi {

  private final Cluster cluster;

  public RrdApi(Cluster cluster) {
    this.cluster = cluster;
  }

  public void register(Router r) {
    Params p =
        Params.none()
            .enumOf("timeframe", "hour", "day", "week", "month", "year")
            .enumOf("cf", "AVERAGE", "MAX")
            .required("timeframe");
    r.get("/nodes/{node}/lxc/{vmid}/rrddata", p, req -> rrd(req, GuestType.LXC));
    r.get("/nodes/{node}/qemu/{vmid}/rrddata", p, req -> rrd(req, GuestType.QEMU));
  }

  /** Resolution (s) and point count per timeframe, PVE 9 current. */
  static long[] shape(String timeframe) {
    return switch (timeframe) {
      case "hour" -> new long[] {60, 60};
      case "day" -> new long[] {60, 1440};
      case "week" -> new long[] {1800, 336};
      case "month" -> new long[] {1800, 1440};
      default -> new long[] {21600, 1440};
    };
  }

  private Object rrd(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    long[] shape = shape(req.str("timeframe"));
    boolean max = "MAX".equals(req.str("cf"));
    return points(g, shape[0], (int) shape[1], max, cluster.now());
  }

  static List<Map<String, Object>> points(Guest g, long res, int count, boolean max, long now) {
    long last = now - Math.floorMod(now, res);
    long first = last - (count - 1) * res;
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (long t = first; t <= last; t += res) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("time", t);
      if (t + res > g.createdAt) {
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
          if (g.type == GuestType.QEMU) {
            p.put("memhost", Math.round(mem * 1.03));
          }
          p.put("pressurecpusome", LoadModel.pressure(g, t, 1));
          p.put("pressurecpufull", LoadModel.pressure(g, t, 2));
          p.put("pressureiosome", LoadModel.pressure(g, t, 3));
          p.put("pressureiofull", LoadModel.pressure(g, t, 4));
          p.put("pressurememorysome", LoadModel.pressure(g, t, 5));
          p.put("pressurememoryfull", LoadModel.pressure(g, t, 6));
        } else {
          p.put("disk", 0);
        }
      }
      out.add(p);
    }
    // PVE 9 drops the last point when it holds nothing but the time
    if (!out.isEmpty() && out.get(out.size() - 1).size() == 1) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static double rate(Guest g, int which, long t, double f) {
    return Math.round(LoadModel.rate(g, which, t) * f * 10) / 10.0;
  }
}
