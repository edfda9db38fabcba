package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.Principal;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.ApiServer;
import io.pvepanel.proxmox.simulator.http.Json;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.task.Task;
import io.pvepanel.proxmox.simulator.task.TaskFailure;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** Listing, status, lifecycle, create/destroy, config and guest-agent calls. */
public final class GuestApi {

  private final Cluster cluster;
  private final TaskManager tasks;
  private final Function<String, String> nodeFingerprint;

  public GuestApi(Cluster cluster, TaskManager tasks, Function<String, String> nodeFingerprint) {
    this.cluster = cluster;
    this.tasks = tasks;
    this.nodeFingerprint = nodeFingerprint;
  }

  public void register(Router r) {
    r.get("/version", Params.none(), req -> version());
    r.get("/nodes", Params.none(), req -> nodes());
    r.get(
        "/cluster/resources",
        Params.none().enumOf("type", "vm", "storage", "node", "sdn"),
        this::resources);
    r.get("/cluster/nextid", Params.none().vmid("vmid"), this::nextid);
    r.get(
        "/nodes/{node}/storage",
        Params.none().str("content").bool("enabled").str("format").str("storage").str("target"),
        this::storageList);
    r.get(
        "/nodes/{node}/storage/{storage}/content",
        Params.none().str("content").vmid("vmid"),
        this::storageContent);
    r.get("/nodes/{node}/lxc", Params.none(), req -> list(req, GuestType.LXC, false));
    r.get(
        "/nodes/{node}/qemu",
        Params.none().bool("full"),
        req -> list(req, GuestType.QEMU, req.bool("full")));
    r.get(
        "/nodes/{node}/lxc/{vmid}/status/current",
        Params.none(),
        req -> current(req, GuestType.LXC));
    r.get(
        "/nodes/{node}/qemu/{vmid}/status/current",
        Params.none(),
        req -> current(req, GuestType.QEMU));

    String lxc = "/nodes/{node}/lxc/{vmid}/status/";
    r.post(lxc + "start", Params.none().bool("skiplock").bool("debug"), req -> lxcStart(req));
    r.post(
        lxc + "stop",
        Params.none().bool("skiplock").bool("overrule-shutdown"),
        req -> lxcStop(req, "vzstop"));
    r.post(
        lxc + "shutdown",
        Params.none().integer("timeout", 0, null).bool("forceStop"),
        req -> lxcStop(req, "vzshutdown"));
    r.post(lxc + "reboot", Params.none().integer("timeout", 0, null), this::lxcReboot);
    r.post(lxc + "suspend", Params.none(), this::lxcSuspend);
    r.post(lxc + "resume", Params.none(), this::lxcResume);

    String qm = "/nodes/{node}/qemu/{vmid}/status/";
    r.post(
        qm + "start",
        Params.none()
            .integer("timeout", 0, 86400)
            .bool("skiplock")
            .str("machine")
            .str("migratedfrom")
            .str("migration_network")
            .str("migration_type")
            .str("stateuri")
            .str("targetstorage")
            .str("force-cpu"),
        this::qmStart);
    r.post(
        qm + "stop",
        Params.none()
            .integer("timeout", 0, null)
            .bool("skiplock")
            .bool("keepActive")
            .str("migratedfrom")
            .bool("overrule-shutdown"),
        this::qmStop);
    r.post(
        qm + "shutdown",
        Params.none()
            .integer("timeout", 0, null)
            .bool("forceStop")
            .bool("keepActive")
            .bool("skiplock"),
        this::qmShutdown);
    r.post(qm + "reboot", Params.none().integer("timeout", 0, null), this::qmReboot);
    r.post(qm + "reset", Params.none().bool("skiplock"), this::qmReset);
    r.post(
        qm + "suspend",
        Params.none().bool("todisk").str("statestorage").bool("skiplock"),
        this::qmSuspend);
    r.post(qm + "resume", Params.none().bool("skiplock").bool("nocheck"), this::qmResume);

    Params create =
        Params.none()
            .vmid("vmid")
            .str("ostemplate", null, 255)
            .str("hostname", null, 255)
            .str("password", 5, null)
            .str("ssh-public-keys")
            .integer("cores", 1, 8192)
            .number("cpulimit", 0, 8192)
            .integer("cpuunits", 0, 500000)
            .integer("memory", 16, null)
            .integer("swap", 0, null)
            .str("rootfs")
            .str("storage")
            .str("nameserver")
            .str("searchdomain")
            .bool("unprivileged")
            .str("features")
            .bool("start")
            .bool("onboot")
            .str("tags")
            .str("description", null, 8192)
            .str("pool")
            .str("ostype")
            .str("arch")
            .str("timezone")
            .bool("protection")
            .integer("tty", 0, 6)
            .str("cmode")
            .bool("force")
            .bool("restore")
            .bool("unique")
            .bool("ignore-unpack-errors")
            .number("bwlimit", 0, null)
            .bool("ha-managed")
            .bool("console")
            .str("startup")
            .bool("template")
            .required("vmid", "ostemplate");
    for (int i = 0; i < 32; i++) {
      create.str("net" + i);
      create.str("mp" + i);
    }
    r.post("/nodes/{node}/lxc", create, this::createLxc);
    r.delete(
        "/nodes/{node}/lxc/{vmid}",
        Params.none().bool("purge").bool("destroy-unreferenced-disks").bool("force"),
        this::destroyLxc);
    r.delete(
        "/nodes/{node}/qemu/{vmid}",
        Params.none().bool("purge").bool("destroy-unreferenced-disks").bool("skiplock"),
        this::destroyQemu);

    r.get(
        "/nodes/{node}/lxc/{vmid}/config",
        Params.none().bool("current").str("snapshot"),
        req -> config(req, GuestType.LXC));
    r.get(
        "/nodes/{node}/qemu/{vmid}/config",
        Params.none().bool("current").str("snapshot"),
        req -> config(req, GuestType.QEMU));
    Params lxcPut =
        Params.none()
            .integer("cores", 1, 8192)
            .number("cpulimit", 0, 8192)
            .integer("memory", 16, null)
            .integer("swap", 0, null)
            .str("hostname", null, 255)
            .str("description", null, 8192)
            .str("tags")
            .bool("onboot")
            .bool("protection")
            .str("nameserver")
            .str("searchdomain")
            .str("delete")
            .str("revert")
            .str("digest", null, 64);
    for (int i = 0; i < 32; i++) {
      lxcPut.str("net" + i);
    }
    r.put("/nodes/{node}/lxc/{vmid}/config", lxcPut, req -> putConfig(req, GuestType.LXC));
    r.put(
        "/nodes/{node}/qemu/{vmid}/config",
        Params.none()
            .integer("cores", 1, 8192)
            .integer("memory", 16, null)
            .str("name")
            .str("description", null, 8192)
            .str("tags")
            .bool("onboot")
            .bool("protection")
            .str("agent")
            .str("delete")
            .str("revert")
            .str("digest", null, 64),
        req -> putConfig(req, GuestType.QEMU));

    r.post(
        "/nodes/{node}/qemu/{vmid}/agent/set-user-password",
        Params.none()
            .str("username")
            .str("password", 5, 1024)
            .bool("crypted")
            .required("username", "password"),
        this::setUserPassword);
    r.get("/nodes/{node}/qemu/{vmid}/agent/get-fsinfo", Params.none(), this::getFsInfo);
  }

  // ---------------------------------------------------------------- cluster / nodes

  private Object version() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", "9.0.11");
    m.put("release", "9.0");
    m.put("repoid", "3bf5476b8a4699e2");
    m.put("console", "xtermjs");
    return m;
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

  private Object resources(ApiRequest req) {
    String type = req.str("type");
    if ("vm".equals(type)) {
      return new ApiServer.RawEnvelope(cluster.guestResourcesEnvelope());
    }
    StringBuilder sb = new StringBuilder("[");
    boolean first = true;
    if (type == null || type.equals("vm")) {
      String guests = cluster.guestResourcesJson();
      sb.append(guests);
      first = guests.isEmpty();
    }
    List<Object> extra = new ArrayList<>();
    if (type == null || type.equals("node")) {
      for (Map<String, Object> n : nodes()) {
        n.remove("ssl_fingerprint");
        n.put("cgroup-mode", 2);
        extra.add(n);
      }
    }
    if (type == null || type.equals("storage")) {
      for (String n : cluster.nodes()) {
        for (Storage s : cluster.storages()) {
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

  private Object storageList(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    String content = req.str("content");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Storage s : cluster.storages()) {
      if (content != null && !List.of(s.content().split(",")).contains(content)) {
        continue;
      }
      if (req.has("storage") && !s.id().equals(req.str("storage"))) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("storage", s.id());
      m.put("type", s.type());
      m.put("content", s.content());
      m.put("active", 1);
      m.put("enabled", 1);
      m.put("shared", 0);
      m.put("total", s.total());
      m.put("used", s.used());
      m.put("avail", s.total() - s.used());
      m.put("used_fraction", (double) s.used() / s.total());
      out.add(m);
    }
    return out;
  }

  private Object storageContent(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    Storage s = cluster.storage(req.str("storage"));
    if (s == null) {
      throw ApiException.fail("storage '" + req.str("storage") + "' does not exist");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    String content = req.str("content");
    if (s.id().equals("local") && (content == null || content.equals("vztmpl"))) {
      for (String t : Cluster.TEMPLATES) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volid", t);
        m.put("content", "vztmpl");
        m.put("format", t.endsWith(".zst") ? "tzst" : "txz");
        m.put("size", 120_000_000L + t.length() * 1_000_000L);
        m.put("ctime", 1_726_000_000L);
        out.add(m);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- status

  private Object list(ApiRequest req, GuestType type, boolean full) {
    Guests.requireNode(cluster, req.node());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Guest g : cluster.onNode(req.node(), type)) {
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
  Map<String, Object> status(Guest g, boolean full) {
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

  // ---------------------------------------------------------------- lifecycle

  private String submit(
      Guest g, String type, Principal p, Consumer<Task> prepare, Consumer<Task> complete) {
    return tasks.submit(
            g.node,
            type,
            String.valueOf(g.vmid),
            p,
            TaskManager.Work.of(
                prepare,
                t -> {
                  if (cluster.guest(g.vmid) != g) {
                    throw new TaskFailure(g.type.configFile(g.node, g.vmid));
                  }
                  complete.accept(t);
                }))
        .upid;
  }

  private static Consumer<Task> lockCheck(Guest g, boolean skiplock, String... ignored) {
    return t -> {
      if (g.lock != null && !skiplock && !List.of(ignored).contains(g.lock)) {
        throw new TaskFailure(g.lockedMessage());
      }
    };
  }

  private Object lxcStart(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    boolean skip = Guests.skiplock(req);
    if (g.running()) {
      throw ApiException.fail("CT " + g.vmid + " already running");
    }
    return submit(
        g,
        "vzstart",
        req.principal(),
        lockCheck(g, skip, "mounted")
            .andThen(
                t -> {
                  if (g.template) {
                    throw new TaskFailure("you can't start a CT if it's a template");
                  }
                }),
        t -> cluster.start(g));
  }

  /** Starts a CT as its own vzstart task (create/rollback with start=1). */
  void spawnStart(Guest g, Principal p) {
    submit(
        g,
        g.type == GuestType.LXC ? "vzstart" : "qmstart",
        p,
        lockCheck(g, false),
        t -> {
          if (!g.running()) {
            cluster.start(g);
          }
        });
  }

  private Object lxcStop(ApiRequest req, String taskType) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    boolean skip = Guests.skiplock(req);
    if (!g.running()) {
      throw ApiException.fail("CT " + g.vmid + " not running");
    }
    return submit(g, taskType, req.principal(), lockCheck(g, skip), t -> cluster.stop(g));
  }

  private Object lxcReboot(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    return submit(g, "vzreboot", req.principal(), lockCheck(g, false), t -> cluster.start(g));
  }

  private Object lxcSuspend(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (!g.running()) {
      throw ApiException.fail("CT " + g.vmid + " not running");
    }
    return submit(
        g,
        "vzsuspend",
        req.principal(),
        lockCheck(g, false),
        t -> {
          cluster.stop(g);
          g.checkpointed = true;
        });
  }

  private Object lxcResume(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (g.running()) {
      throw ApiException.fail("CT " + g.vmid + " already running");
    }
    return submit(
        g,
        "vzresume",
        req.principal(),
        lockCheck(g, false),
        t -> {
          g.checkpointed = false;
          cluster.start(g);
        });
  }

  private Object qmStart(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    return submit(
        g,
        "qmstart",
        req.principal(),
        lockCheck(g, skip)
            .andThen(
                t -> {
                  if (g.running()) {
                    throw new TaskFailure("VM " + g.vmid + " already running");
                  }
                  if (g.template) {
                    throw new TaskFailure("you can't start a vm if it's a template");
                  }
                }),
        t -> cluster.start(g));
  }

  private Object qmStop(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    return submit(
        g,
        "qmstop",
        req.principal(),
        lockCheck(g, skip),
        t -> {
          if (g.running()) {
            cluster.stop(g);
          }
        });
  }

  private Object qmShutdown(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (g.status == Guest.Status.PAUSED && !req.bool("forceStop")) {
      throw ApiException.fail("VM is paused - cannot shutdown");
    }
    return submit(
        g,
        "qmshutdown",
        req.principal(),
        lockCheck(g, skip),
        t -> {
          if (g.running()) {
            cluster.stop(g);
          }
        });
  }

  private Object qmReboot(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    if (g.status == Guest.Status.PAUSED) {
      throw ApiException.fail("VM is paused - cannot shutdown");
    }
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    return submit(g, "qmreboot", req.principal(), lockCheck(g, false), t -> cluster.start(g));
  }

  private Object qmReset(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    return submit(g, "qmreset", req.principal(), lockCheck(g, skip), t -> cluster.start(g));
  }

  private Object qmSuspend(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    if (req.bool("todisk")) {
      return submit(
          g,
          "qmsuspend",
          req.principal(),
          lockCheck(g, skip)
              .andThen(
                  t -> {
                    g.lock = "suspending";
                    cluster.changed();
                  }),
          t -> {
            cluster.stop(g);
            g.lock = "suspended";
          });
    }
    return submit(
        g,
        "qmpause",
        req.principal(),
        lockCheck(g, skip),
        t -> {
          g.status = Guest.Status.PAUSED;
          cluster.changed();
        });
  }

  private Object qmResume(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    boolean fromDisk = !g.running() && "suspended".equals(g.lock);
    if (!g.running() && !fromDisk) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    return submit(
        g,
        "qmresume",
        req.principal(),
        lockCheck(g, skip, "suspended"),
        t -> {
          if (fromDisk) {
            g.lock = null;
            cluster.start(g);
          } else {
            g.status = Guest.Status.RUNNING;
            cluster.changed();
          }
        });
  }

  // ---------------------------------------------------------------- create / destroy

  private Object createLxc(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    int vmid = (int) req.integer("vmid", 0);
    Guest existing = cluster.guest(vmid);
    if (existing != null) {
      throw ApiException.fail(
          existing.type.word() + " " + vmid + " already exists on node '" + existing.node + "'");
    }
    String storage = req.str("storage", "local");
    int size = 4;
    String rootfs = req.str("rootfs");
    if (rootfs != null) {
      String spec = rootfs.split(",")[0];
      int colon = spec.indexOf(':');
      String sizeText = colon >= 0 ? spec.substring(colon + 1) : spec;
      if (colon >= 0) {
        storage = spec.substring(0, colon);
      }
      try {
        size = (int) Math.ceil(Double.parseDouble(sizeText));
      } catch (NumberFormatException e) {
        throw ApiException.param("rootfs", "invalid format - invalid size '" + sizeText + "'\n");
      }
    }
    Storage st = cluster.storage(storage);
    if (st == null) {
      throw ApiException.param("storage", "storage '" + storage + "' does not exist");
    }
    if (!List.of(st.content().split(",")).contains("rootdir")) {
      throw ApiException.param(
          "storage", "storage '" + storage + "' does not support container directories");
    }
    String ostemplate = req.str("ostemplate");
    String rootStorage = storage;
    int rootSize = size;
    Principal p = req.principal();
    Guest g = new Guest(vmid, GuestType.LXC, req.node());
    return tasks.submit(
            req.node(),
            "vzcreate",
            String.valueOf(vmid),
            p,
            TaskManager.Work.of(
                t -> {
                  if (!Cluster.TEMPLATES.contains(ostemplate)) {
                    throw new TaskFailure(
                        "unable to create CT "
                            + vmid
                            + " - volume '"
                            + ostemplate
                            + "' does not exist");
                  }
                  g.name = req.str("hostname", "CT" + vmid);
                  g.cores = (int) req.integer("cores", 1);
                  g.memoryMiB = (int) req.integer("memory", 512);
                  g.swapMiB = (int) req.integer("swap", 512);
                  g.storage = rootStorage;
                  g.diskGiB = rootSize;
                  g.ostemplate = ostemplate;
                  g.net0 = req.str("net0");
                  g.tags = req.str("tags");
                  g.description = req.str("description");
                  g.onboot = req.bool("onboot");
                  g.protection = req.bool("protection");
                  g.unprivileged = !req.has("unprivileged") || req.bool("unprivileged");
                  g.ostype =
                      ostemplate.contains("ubuntu")
                          ? "ubuntu"
                          : ostemplate.contains("alpine") ? "alpine" : "debian";
                  if (req.has("password")) {
                    g.password = PasswordHash.of(req.str("password"));
                  }
                  g.createdAt = cluster.now();
                  g.lock = "create";
                  cluster.add(g);
                  t.log(
                      "extracting archive '/var/lib/vz/template/cache/"
                          + ostemplate.substring(ostemplate.indexOf('/') + 1)
                          + "'");
                  t.log("Total bytes read: 524288000 (500MiB, 180MiB/s)");
                  t.log("Detected container architecture: amd64");
                  t.log(
                      "Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...");
                },
                t -> {
                  if (cluster.guest(vmid) != g) {
                    throw new TaskFailure("unable to create CT " + vmid + " - aborted");
                  }
                  g.lock = null;
                  cluster.changed();
                  if (req.bool("start")) {
                    spawnStart(g, p);
                  }
                }))
        .upid;
  }

  private Object destroyLxc(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (g.lock != null) {
      throw ApiException.fail(g.lockedMessage());
    }
    if (g.protection) {
      throw ApiException.fail("can't remove CT " + g.vmid + " - protection mode enabled");
    }
    if (g.running() && !req.bool("force")) {
      throw ApiException.fail("unable to destroy CT " + g.vmid + " - container is running");
    }
    return destroy(g, "vzdestroy", req.principal());
  }

  private Object destroyQemu(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (g.lock != null && !skip) {
      throw ApiException.fail(g.lockedMessage());
    }
    if (g.protection) {
      throw ApiException.fail("can't remove VM " + g.vmid + " - protection mode enabled");
    }
    if (g.running()) {
      throw ApiException.fail("VM " + g.vmid + " is running - destroy failed");
    }
    return destroy(g, "qmdestroy", req.principal());
  }

  private String destroy(Guest g, String type, Principal p) {
    return submit(
        g,
        type,
        p,
        t -> {
          if (g.running()) {
            cluster.stop(g);
          }
          g.lock = "destroyed";
          cluster.changed();
          t.log("  Logical volume \"vm-" + g.vmid + "-disk-0\" successfully removed.");
        },
        t -> cluster.remove(g.vmid));
  }

  // ---------------------------------------------------------------- config

  private Object config(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    Map<String, Object> c = g.config();
    if (g.lock != null) {
      c.put("lock", g.lock);
    }
    if (g.parent != null) {
      c.put("parent", g.parent);
    }
    c.put("digest", Guest.digest(c));
    return c;
  }

  private Object putConfig(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    if (g.lock != null) {
      throw ApiException.fail(g.lockedMessage());
    }
    if (req.has("digest")) {
      Map<String, Object> c = g.config();
      if (g.lock != null) {
        c.put("lock", g.lock);
      }
      if (g.parent != null) {
        c.put("parent", g.parent);
      }
      if (!Guest.digest(c).equals(req.str("digest"))) {
        throw ApiException.fail(
            "detected modified configuration - file changed by other user? Try again.");
      }
    }
    if (req.has("cores")) {
      g.cores = (int) req.integer("cores", g.cores);
    }
    if (req.has("memory")) {
      g.memoryMiB = (int) req.integer("memory", g.memoryMiB);
    }
    if (req.has("swap")) {
      g.swapMiB = (int) req.integer("swap", g.swapMiB);
    }
    if (req.has("hostname")) {
      g.name = req.str("hostname");
    }
    if (req.has("name")) {
      g.name = req.str("name");
    }
    if (req.has("description")) {
      g.description = req.str("description");
    }
    if (req.has("tags")) {
      g.tags = req.str("tags");
    }
    if (req.has("onboot")) {
      g.onboot = req.bool("onboot");
    }
    if (req.has("protection")) {
      g.protection = req.bool("protection");
    }
    if (req.has("agent")) {
      g.agent = !req.str("agent").startsWith("0") && !req.str("agent").contains("enabled=0");
    }
    if (req.has("net0")) {
      g.net0 = req.str("net0");
    }
    if (req.has("delete")) {
      for (String d : req.str("delete").split("[,;\\s]+")) {
        switch (d) {
          case "description" -> g.description = null;
          case "tags" -> g.tags = null;
          case "onboot" -> g.onboot = false;
          case "protection" -> g.protection = false;
          case "agent" -> g.agent = false;
          default -> {}
        }
      }
    }
    cluster.changed();
    return null;
  }

  // ---------------------------------------------------------------- agent

  private Object setUserPassword(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    if (!g.agent) {
      throw ApiException.fail("No QEMU guest agent configured");
    }
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " is not running");
    }
    g.password = PasswordHash.of(req.str("password"));
    g.passwordChanges++;
    return Map.of("result", Map.of());
  }

  /**
   * {@code agent/get-fsinfo}: one root filesystem per guest, sized from the config's disk and used
   * as much as the load model says an LXC root would be (QEMU's resources figure stays 0, as in
   * PVE).
   */
  private Object getFsInfo(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    if (!g.agent) {
      throw ApiException.fail("No QEMU guest agent configured");
    }
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " is not running");
    }
    long total = LoadModel.maxdisk(g) - (LoadModel.maxdisk(g) >> 5);
    long used = LoadModel.agentDiskUsed(g, total);
    Map<String, Object> fs = new LinkedHashMap<>();
    fs.put("name", "sda1");
    fs.put("mountpoint", "/");
    fs.put("type", "ext4");
    fs.put("total-bytes", total);
    fs.put("used-bytes", used);
    fs.put("disk", List.of(Map.of("bus-type", "scsi", "target", 0, "dev", "/dev/sda1")));
    return Map.of("result", List.of(fs));
  }
}
