package io.pvepanel.proxmox.simulator.guest;

import static io.pvepanel.proxmox.simulator.guest.GuestTasks.lockCheck;

import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.task.Task;
import io.pvepanel.proxmox.simulator.task.TaskFailure;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.util.function.Consumer;

/**
 * The power actions below {@code status/}: start, stop, shutdown, reboot, reset, suspend, resume.
 */
public final class PowerApi {

  private final Cluster cluster;
  private final GuestTasks guestTasks;

  // pve-container API2/LXC/Status.pm, qemu-server API2/Qemu.pm: every status/* POST
  private static final Permission POWER = Permission.perm("/vms/{vmid}", Privilege.VM_POWER_MGMT);

  public PowerApi(Cluster cluster, TaskManager tasks) {
    this.cluster = cluster;
    this.guestTasks = new GuestTasks(cluster, tasks);
  }

  public void register(Router r) {
    String lxc = "/nodes/{node}/lxc/{vmid}/status/";
    r.post(lxc + "start", Params.none().bool("skiplock").bool("debug"), req -> lxcStart(req))
        .check(POWER);
    r.post(
            lxc + "stop",
            Params.none().bool("skiplock").bool("overrule-shutdown"),
            req -> lxcStop(req, "vzstop"))
        .check(POWER);
    r.post(
            lxc + "shutdown",
            Params.none().integer("timeout", 0, null).bool("forceStop"),
            req -> lxcStop(req, "vzshutdown"))
        .check(POWER);
    r.post(lxc + "reboot", Params.none().integer("timeout", 0, null), this::lxcReboot).check(POWER);
    r.post(lxc + "suspend", Params.none(), this::lxcSuspend).check(POWER);
    r.post(lxc + "resume", Params.none(), this::lxcResume).check(POWER);

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
            this::qmStart)
        .check(POWER);
    r.post(
            qm + "stop",
            Params.none()
                .integer("timeout", 0, null)
                .bool("skiplock")
                .bool("keepActive")
                .str("migratedfrom")
                .bool("overrule-shutdown"),
            this::qmStop)
        .check(POWER);
    r.post(
            qm + "shutdown",
            Params.none()
                .integer("timeout", 0, null)
                .bool("forceStop")
                .bool("keepActive")
                .bool("skiplock"),
            this::qmShutdown)
        .check(POWER);
    r.post(qm + "reboot", Params.none().integer("timeout", 0, null), this::qmReboot).check(POWER);
    r.post(qm + "reset", Params.none().bool("skiplock"), this::qmReset).check(POWER);
    r.post(
            qm + "suspend",
            Params.none().bool("todisk").str("statestorage").bool("skiplock"),
            this::qmSuspend)
        .check(POWER);
    r.post(qm + "resume", Params.none().bool("skiplock").bool("nocheck"), this::qmResume)
        .check(POWER);
  }

  // Per call as pve-container src/PVE/API2/LXC/Status.pm and qemu-server src/PVE/API2/Qemu.pm
  // (+ QemuServer.pm vm_start/_do_vm_stop, LXC.pm vm_reboot): which checks run before the worker
  // is forked (sync 500) and which inside it (a UPID whose task fails).

  private Object lxcStart(ApiRequest req) {
    Guest g = Guests.find(cluster, req, GuestType.LXC);
    boolean skip = Guests.skiplock(req);
    if (g == null) {
      return guestTasks.missing(
          req.node(),
          "vzstart",
          req.vmid(),
          req.principal(),
          GuestType.LXC.configFile(req.node(), req.vmid()));
    }
    if (g.running()) {
      throw ApiException.fail("CT " + g.vmid + " already running");
    }
    return guestTasks.submit(
        g,
        "vzstart",
        req.principal(),
        t -> {
          if (g.template) {
            throw new TaskFailure("you can't start a CT if it's a template");
          }
          lockCheck(g, skip, "mounted").accept(t);
        },
        t -> cluster.start(g));
  }

  /** check_running is local: a CT that is absent or on another node is "not running". */
  private Guest requireRunningCt(ApiRequest req, String word) {
    Guest g = Guests.find(cluster, req, GuestType.LXC);
    if (g == null || !g.running()) {
      throw ApiException.fail(word + " " + req.vmid() + " not running");
    }
    return g;
  }

  private Object lxcStop(ApiRequest req, String taskType) {
    boolean skip = taskType.equals("vzstop") && Guests.skiplock(req);
    Guest g = requireRunningCt(req, "CT");
    // stop ignores a 'mounted' lock (and honours skiplock); shutdown checks any lock
    Consumer<Task> check =
        taskType.equals("vzstop") ? lockCheck(g, skip, "mounted") : lockCheck(g, false);
    return guestTasks.submit(g, taskType, req.principal(), check, t -> cluster.stop(g));
  }

  private Object lxcReboot(ApiRequest req) {
    Guest g = requireRunningCt(req, "VM"); // sic: LXC/Status.pm says "VM"
    // LXC.pm vm_reboot: lock_config, but no check_lock
    return guestTasks.submit(g, "vzreboot", req.principal(), t -> {}, t -> cluster.start(g));
  }

  private Object lxcSuspend(ApiRequest req) {
    Guest g = requireRunningCt(req, "CT");
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
    Guest g = Guests.find(cluster, req, GuestType.LXC);
    String checkpoint = "lxc-checkpoint -n " + req.vmid() + " -r --foreground -D /var/lib/vz/dump";
    if (g == null) {
      return guestTasks.missing(
          req.node(),
          "vzresume",
          req.vmid(),
          req.principal(),
          "command '" + checkpoint + "' failed: exit code 1");
    }
    if (g.running()) {
      throw ApiException.fail("CT " + g.vmid + " already running");
    }
    // no lock_config, no check_lock: the worker only runs lxc-checkpoint
    return guestTasks.submit(
        g,
        "vzresume",
        req.principal(),
        false,
        t -> {},
        t -> {
          g.checkpointed = false;
          cluster.start(g);
        });
  }

  /** QEMU check_running asserts the config is on this node (QemuConfig.pm). */
  private Guest requireVm(ApiRequest req) {
    Guest g = Guests.find(cluster, req, GuestType.QEMU);
    if (g == null) {
      throw ApiException.fail(GuestType.notOnNode(req.vmid(), req.node()));
    }
    return g;
  }

  private Object qmStart(ApiRequest req) {
    Guest g = Guests.find(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (g == null) {
      return guestTasks.missing(
          req.node(),
          "qmstart",
          req.vmid(),
          req.principal(),
          GuestType.QEMU.configFile(req.node(), req.vmid()));
    }
    boolean[] resumeBackup = new boolean[1];
    return guestTasks.submit(
        g,
        "qmstart",
        req.principal(),
        t -> {
          // QemuServer.pm vm_start: template, backup lock on a running VM = resume, check_lock
          // unless skiplock or 'suspended' (that start resumes from hibernation), running
          if (g.template) {
            throw new TaskFailure("you can't start a vm if it's a template");
          }
          if ("backup".equals(g.lock) && g.running()) {
            resumeBackup[0] = true;
            return;
          }
          lockCheck(g, skip, "suspended").accept(t);
          if (g.running()) {
            throw new TaskFailure("VM " + g.vmid + " already running");
          }
          if ("suspended".equals(g.lock)) {
            t.log("Resuming suspended VM");
          }
        },
        t -> {
          if (resumeBackup[0]) {
            cluster.beforeChange(g);
            g.status = Guest.Status.RUNNING;
            cluster.changed();
            return;
          }
          if ("suspended".equals(g.lock)) {
            g.lock = null;
          }
          netWarning(g, t);
          cluster.start(g);
        });
  }

  /**
   * QemuServer.pm print_netdevice_full: an {@code mtu} on a NIC that is not VirtIO is ignored with
   * a log_warn, so the start ends {@code WARNINGS: 1}.
   */
  private static void netWarning(Guest g, Task t) {
    String net = g.net0;
    if (net == null) {
      return;
    }
    java.util.regex.Matcher mtu = java.util.regex.Pattern.compile("(?:^|,)mtu=(\\d+)").matcher(net);
    if (mtu.find() && !net.startsWith("virtio")) {
      String prefix = "netdev net0: ignoring MTU '" + mtu.group(1) + "'";
      t.warn(
          net.contains("bridge=")
              ? prefix + ", not using VirtIO"
              : prefix + ", no bridge configured");
    }
  }

  /** _do_vm_stop: a VM missing here fails inside the task; a stopped one is OK unchecked. */
  private Object qmStopTask(ApiRequest req, String type, boolean skip) {
    Guest g = Guests.find(cluster, req, GuestType.QEMU);
    if (g == null) {
      return guestTasks.missing(
          req.node(),
          type,
          req.vmid(),
          req.principal(),
          GuestType.notOnNode(req.vmid(), req.node()));
    }
    return guestTasks.submit(
        g,
        type,
        req.principal(),
        t -> {
          if (g.running()) {
            lockCheck(g, skip).accept(t);
          }
        },
        t -> {
          if (g.running()) {
            cluster.stop(g);
          }
        });
  }

  private Object qmStop(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    return qmStopTask(req, "qmstop", Guests.skiplock(req));
  }

  private Object qmShutdown(ApiRequest req) {
    Guest g = Guests.find(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    if (g != null && g.status == Guest.Status.PAUSED && !req.bool("forceStop")) {
      throw ApiException.fail("VM is paused - cannot shutdown");
    }
    return qmStopTask(req, "qmshutdown", skip);
  }

  private Object qmReboot(ApiRequest req) {
    Guest g = Guests.find(cluster, req, GuestType.QEMU);
    if (g != null && g.status == Guest.Status.PAUSED) {
      throw ApiException.fail("VM is paused - cannot shutdown");
    }
    g = requireVm(req);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    Guest vm = g;
    // vm_reboot -> _do_vm_stop without skiplock: the lock is checked (while running)
    return guestTasks.submit(
        vm,
        "qmreboot",
        req.principal(),
        t -> {
          if (vm.running()) {
            lockCheck(vm, false).accept(t);
          }
        },
        t -> cluster.start(vm));
  }

  private Object qmReset(ApiRequest req) {
    boolean skip = Guests.skiplock(req);
    Guest g = requireVm(req);
    if (!g.running()) {
      throw ApiException.fail("VM " + g.vmid + " not running");
    }
    return guestTasks.submit(
        g, "qmreset", req.principal(), lockCheck(g, skip), t -> cluster.start(g));
  }

  private Object qmSuspend(ApiRequest req) {
    boolean skip = Guests.skiplock(req);
    Guest g = requireVm(req);
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
          cluster.beforeChange(g);
          g.status = Guest.Status.PAUSED;
          cluster.changed();
        });
  }

  private Object qmResume(ApiRequest req) {
    boolean skip = Guests.skiplock(req);
    Guest g = requireVm(req);
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
            cluster.beforeChange(g);
            g.status = Guest.Status.RUNNING;
            cluster.changed();
          }
        });
  }
}
