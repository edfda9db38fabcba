package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Guest listings per node and {@code status/current}. */
public final class StatusApi {

  private final Cluster cluster;

  private final AccessControl access;

  public StatusApi(Cluster cluster, AccessControl access) {
    this.cluster = cluster;
    this.access = access;
  }

  private static final Permission AUDIT = Permission.perm("/vms/{vmid}", Privilege.VM_AUDIT);

  public void register(Router r) {
    r.get("/nodes/{node}/lxc", Params.none(), req -> list(req, GuestType.LXC, false));
    r.get(
        "/nodes/{node}/qemu",
        Params.none().bool("full"),
        req -> list(req, GuestType.QEMU, req.bool("full")));
    r.get(
            "/nodes/{node}/lxc/{vmid}/status/current",
            Params.none(),
            req -> current(req, GuestType.LXC))
        .check(AUDIT);
    r.get(
            "/nodes/{node}/qemu/{vmid}/status/current",
            Params.none(),
            req -> current(req, GuestType.QEMU))
        .check(AUDIT);
  }

  private Object list(ApiRequest req, GuestType type, boolean full) {
    Guests.requireNode(cluster, req.node());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Guest g : cluster.onNode(req.node(), type)) {
      // pve-container API2/LXC.pm / qemu-server API2/Qemu.pm vmlist: only guests with VM.Audit
      if (!access.has(req.principal(), "/vms/" + g.vmid, Privilege.VM_AUDIT)) {
        continue;
      }
      Map<String, Object> m = status(g, full);
      m.remove("ha");
      if (type == GuestType.QEMU) {
        m.remove("agent");
        m.remove("spice");
        m.remove("clipboard");
        if (!full) {
          m.remove("qmpstatus");
          m.remove("running-machine");
          m.remove("running-qemu");
          m.remove("nics");
          m.remove("ballooninfo");
          m.remove("proxmox-support");
        }
      }
      out.add(m);
    }
    return out;
  }

  private Object current(ApiRequest req, GuestType type) {
    return status(Guests.require(cluster, req, type), true);
  }

  /** status/current fields per §3. */
  private Map<String, Object> status(Guest g, boolean full) {
    long t = cluster.now();
    boolean up = g.running();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vmid", g.vmid);
    if (g.type == GuestType.LXC) {
      m.put("type", "lxc");
    }
    m.put("status", up ? "running" : "stopped");
    if (g.type == GuestType.QEMU) {
      m.put(
          "qmpstatus",
          switch (g.status) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            default -> "stopped";
          });
    }
    m.put("name", g.displayName());
    if (up) {
      m.put("pid", g.pid);
    }
    m.put("uptime", up ? Math.max(0, t - g.startedAt) : 0);
    m.put("cpus", g.cores);
    m.put("cpu", g.status == Guest.Status.RUNNING ? Cluster.round(LoadModel.cpu(g, t)) : 0);
    long maxmem = LoadModel.maxmem(g);
    long mem = up ? (long) (maxmem * LoadModel.memFraction(g, t)) : 0;
    m.put("mem", mem);
    m.put("maxmem", maxmem);
    if (g.type == GuestType.LXC) {
      m.put("swap", 0);
      m.put("maxswap", g.swapMiB * 1024L * 1024L);
      m.put("disk", up ? LoadModel.disk(g) : 0);
    } else {
      m.put("memhost", up ? mem + (mem >> 5) : 0);
      m.put("freemem", up ? maxmem - mem : 0);
      m.put("balloon", maxmem);
      m.put("disk", 0);
    }
    m.put("maxdisk", LoadModel.maxdisk(g));
    long netin = LoadModel.counter(g, 0, t);
    long netout = LoadModel.counter(g, 1, t);
    m.put("netin", netin);
    m.put("netout", netout);
    m.put("diskread", LoadModel.counter(g, 2, t));
    m.put("diskwrite", LoadModel.counter(g, 3, t));
    if (g.lock != null) {
      m.put("lock", g.lock);
    }
    if (g.tags != null && !g.tags.isEmpty()) {
      m.put("tags", g.tags);
    }
    if (g.template) {
      m.put("template", 1);
    }
    if (up) {
      m.put("pressurecpusome", LoadModel.pressure(g, t, 1));
      m.put("pressurecpufull", LoadModel.pressure(g, t, 2));
      m.put("pressureiosome", LoadModel.pressure(g, t, 3));
      m.put("pressureiofull", LoadModel.pressure(g, t, 4));
      m.put("pressurememorysome", LoadModel.pressure(g, t, 5));
      m.put("pressurememoryfull", LoadModel.pressure(g, t, 6));
    }
    if (g.type == GuestType.QEMU) {
      if (up && full) {
        Map<String, Object> nic = new LinkedHashMap<>();
        nic.put("netin", netin);
        nic.put("netout", netout);
        m.put("nics", Map.of("tap" + g.vmid + "i0", nic));
        m.put("running-machine", "pc-q35-10.0+pve0");
        m.put("running-qemu", "10.0.2");
        m.put("proxmox-support", Map.of("pbs-dirty-bitmap", true, "query-bitmap-info", true));
      }
      m.put("serial", 1);
      if (g.agent) {
        m.put("agent", 1);
      }
    }
    m.put("ha", Map.of("managed", 0));
    return m;
  }
}
