package io.pvepanel.proxmox.simulator.guest;

import static io.pvepanel.proxmox.simulator.guest.GuestTasks.lockCheck;

import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.task.TaskFailure;
import io.pvepanel.proxmox.simulator.task.TaskManager;

/**
 * The power actions below {@code status/}: start, stop, shutdown, reboot, reset, suspend, resume.
 */
public final class PowerApi {

  private final Cluster cluster;
  private final GuestTasks guestTasks;

  public PowerApi(Cluster cluster, TaskManager tasks) {
    this.cluster = cluster;
    this.guestTasks = new GuestTasks(cluster, tasks);
  }

  public void register(Router r) {
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
  }

  private Object lxcStart(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    boolean skip = Guests.skiplock(req);
    if (g.running()) {
      throw ApiException.fail("CT " + g.vmid + " already running");
    }
    return guestTasks.submit(
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

  private Object lxcStop(ApiRequest req, String taskType) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    boolean skip = Guests.skiplock(req);
    if (!g.running()) {
      throw ApiException.fail("CT " + g.vmid + " not running");
    }
    return guestTasks.submit(
        g, taskType, req.principal(), lockCheck(g, skip), t -> cluster.stop(g));
  }

  private Object lxcReboot(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    return guestTasks.submit(
        g, "vzreboot", req.principal(), lockCheck(g, false), t -> cluster.start(g));
  }

  private Object lxcSuspend(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (!g.running()) {
      throw ApiException.fail("CT " + g.vmid + " not running");
    }
    return guestTasks.submit(
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
    return guestTasks.submit(
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
    return guestTasks.submit(
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
    return guestTasks.submit(
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
    return guestTasks.submit(
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
    return guestTasks.submit(
        g, "qmreboot", req.principal(), lockCheck(g, false), t -> cluster.start(g));
  }

  private Object qmReset(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    return guestTasks.submit(
        g, "qmreset", req.principal(), lockCheck(g, skip), t -> cluster.start(g));
  }

  private Object qmSuspend(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    if (req.bool("todisk")) {
      return guestTasks.submit(
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
    return guestTasks.submit(
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
    return guestTasks.submit(
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
}
