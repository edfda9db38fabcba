package io.pvepanel.proxmox.simulator.snapshot;

import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.guest.Cluster;
import io.pvepanel.proxmox.simulator.guest.Guest;
import io.pvepanel.proxmox.simulator.guest.GuestType;
import io.pvepanel.proxmox.simulator.guest.Guests;
import io.pvepanel.proxmox.simulator.guest.Snapshot;
import io.pvepanel.proxmox.simulator.guest.Storage;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.task.TaskFailure;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshot list/create/rollback/delete/config (§6). Checks run inside the task like PVE. */
public final class SnapshotApi {

  private final Cluster cluster;
  private final TaskManager tasks;

  public SnapshotApi(Cluster cluster, TaskManager tasks) {
    this.cluster = cluster;
    this.tasks = tasks;
  }

  // pve-container API2/LXC/Snapshot.pm, qemu-server API2/Qemu.pm (snapshot_list, snapshot,
  // delsnapshot, rollback, get/update_snapshot_config; the {snapname} index is user => 'all')
  private static final Permission AUDIT = Permission.perm("/vms/{vmid}", Privilege.VM_AUDIT);
  private static final Permission SNAPSHOT = Permission.perm("/vms/{vmid}", Privilege.VM_SNAPSHOT);

  public void register(Router r) {
    for (GuestType type : GuestType.values()) {
      String base = "/nodes/{node}/" + type.path() + "/{vmid}/snapshot";
      r.get(base, Params.none(), req -> list(req, type)).check(AUDIT);
      Params create = Params.none().configId("snapname").str("description").required("snapname");
      if (type == GuestType.QEMU) {
        create.bool("vmstate");
      }
      r.post(base, create, req -> create(req, type)).check(SNAPSHOT);
      r.get(base + "/{snapname}", Params.none(), req -> index(req, type));
      r.post(base + "/{snapname}/rollback", Params.none().bool("start"), req -> rollback(req, type))
          .check(
              Permission.any("/vms/{vmid}", Privilege.VM_SNAPSHOT, Privilege.VM_SNAPSHOT_ROLLBACK));
      r.delete(base + "/{snapname}", Params.none().bool("force"), req -> delete(req, type))
          .check(SNAPSHOT);
      r.get(base + "/{snapname}/config", Params.none(), req -> config(req, type))
          .check(
              Permission.any(
                  "/vms/{vmid}",
                  Privilege.VM_SNAPSHOT,
                  Privilege.VM_SNAPSHOT_ROLLBACK,
                  Privilege.VM_AUDIT));
      r.put(
              base + "/{snapname}/config",
              Params.none().str("description"),
              req -> putConfig(req, type))
          .check(SNAPSHOT);
    }
  }

  private Object list(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Snapshot s : g.snapshots.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name);
      m.put("description", s.description == null ? "" : s.description);
      m.put("snaptime", s.snaptime);
      if (s.parent != null) {
        m.put("parent", s.parent);
      }
      if (s.snapstate != null) {
        m.put("snapstate", s.snapstate);
      }
      if (type == GuestType.QEMU) {
        m.put("vmstate", s.vmstate ? 1 : 0);
      }
      out.add(m);
    }
    Map<String, Object> current = new LinkedHashMap<>();
    current.put("name", "current");
    current.put("description", "You are here!");
    current.put("running", g.running() ? 1 : 0);
    current.put("digest", Guest.digest(g.config()));
    if (g.parent != null) {
      current.put("parent", g.parent);
    }
    out.add(current);
    return out;
  }

  private static void reserved(String name, GuestType type) {
    boolean reserved =
        name.equals("current")
            || (type == GuestType.LXC && name.equals("vzdump"))
            || (type == GuestType.QEMU && name.equalsIgnoreCase("pending"));
    if (reserved) {
      throw ApiException.fail("unable to use snapshot name '" + name + "' (reserved name)");
    }
  }

  private String taskType(GuestType type, String op) {
    return (type == GuestType.LXC ? "vz" : "qm") + op;
  }

  /**
   * LXC (pve-container API2/LXC/Snapshot.pm) forks every worker without loading the config, so a CT
   * missing here gives a UPID whose task fails; QEMU (API2/Qemu.pm) loads the config before forking
   * a snapshot create, but not before rollback or delete.
   */
  private Guest findOrMissingTask(ApiRequest req, GuestType type, String op, String[] upid) {
    Guest g = Guests.find(cluster, req, type);
    if (g == null) {
      upid[0] =
          tasks.submit(
                  req.node(),
                  taskType(type, op),
                  String.valueOf(req.vmid()),
                  req.principal(),
                  TaskManager.Work.of(
                      t -> {
                        throw new TaskFailure(type.configFile(req.node(), req.vmid()));
                      },
                      t -> {}))
              .upid;
    }
    return g;
  }

  private Object create(ApiRequest req, GuestType type) {
    String name = req.str("snapname");
    reserved(name, type);
    String[] missing = new String[1];
    Guest g =
        type == GuestType.QEMU
            ? Guests.require(cluster, req, type)
            : findOrMissingTask(req, type, "snapshot", missing);
    if (g == null) {
      return missing[0];
    }
    String description = req.str("description", "");
    boolean vmstate = req.bool("vmstate") && g.running();
    Snapshot[] created = new Snapshot[1];
    return tasks.submit(
            g.node,
            taskType(type, "snapshot"),
            String.valueOf(g.vmid),
            req.principal(),
            TaskManager.Work.of(
                t -> {
                  cluster.lockConfig(type, g.vmid, t);
                  // AbstractConfig::__snapshot_prepare order: template, lock, name, feature. Its
                  // dies come before snapshot_create's eval, so no "starting cleanup" line.
                  if (g.template) {
                    throw new TaskFailure("you can't take a snapshot if it's a template");
                  }
                  if (g.lock != null) {
                    throw new TaskFailure(g.lockedMessage());
                  }
                  if (g.snapshots.containsKey(name)) {
                    throw new TaskFailure("snapshot name '" + name + "' already used");
                  }
                  Storage st = cluster.storage(g.storage);
                  if (st == null || !st.snapshots()) {
                    throw new TaskFailure("snapshot feature is not available");
                  }
                  Snapshot s =
                      new Snapshot(name, description, cluster.now(), g.parent, vmstate, g.config());
                  s.snapstate = "prepare";
                  g.snapshots.put(name, s);
                  g.lock = "snapshot";
                  cluster.changed();
                  created[0] = s;
                  if (type == GuestType.LXC && g.running()) {
                    t.log("create storage snapshot '" + name + "'");
                  }
                },
                t -> {
                  if (cluster.guest(g.vmid) != g) {
                    throw new TaskFailure(type.configFile(g.node, g.vmid));
                  }
                  created[0].snapstate = null;
                  g.parent = name;
                  g.lock = null;
                  cluster.changed();
                }))
        .upid;
  }

  private Snapshot requireSnapshot(Guest g, String name) {
    Snapshot s = g.snapshots.get(name);
    if (s == null) {
      throw new TaskFailure("snapshot '" + name + "' does not exist");
    }
    return s;
  }

  private Object rollback(ApiRequest req, GuestType type) {
    String[] missing = new String[1];
    Guest g = findOrMissingTask(req, type, "rollback", missing);
    if (g == null) {
      return missing[0];
    }
    String name = req.str("snapname");
    boolean start = req.bool("start");
    return tasks.submit(
            g.node,
            taskType(type, "rollback"),
            String.valueOf(g.vmid),
            req.principal(),
            TaskManager.Work.of(
                t -> {
                  cluster.lockConfig(type, g.vmid, t);
                  // AbstractConfig::snapshot_rollback order: template, snapshot exists, storage
                  // (volume_rollback_is_possible), snapstate, lock.
                  if (g.template) {
                    throw new TaskFailure("you can't rollback if vm is a template");
                  }
                  Snapshot s = requireSnapshot(g, name);
                  rollbackPossible(g, name);
                  if (s.snapstate != null) {
                    throw new TaskFailure(
                        "unable to rollback to incomplete snapshot (snapstate = "
                            + s.snapstate
                            + ")");
                  }
                  if (g.lock != null) {
                    throw new TaskFailure(g.lockedMessage());
                  }
                  if (g.running()) {
                    // PVE kills a running guest first (no clean shutdown)
                    cluster.stop(g);
                  }
                  g.lock = "rollback";
                  cluster.changed();
                },
                t -> {
                  Snapshot s = requireSnapshot(g, name);
                  cluster.beforeChange(g);
                  g.applyConfig(s.config);
                  g.parent = name;
                  g.lock = null;
                  cluster.changed();
                  if (type == GuestType.QEMU && s.vmstate) {
                    cluster.start(g);
                  } else if (start) {
                    spawnStart(g, req);
                  }
                }))
        .upid;
  }

  /**
   * ZFSPoolPlugin::volume_rollback_is_possible: {@code zfs rollback} without {@code -r} only goes
   * to the newest snapshot of the dataset. LVM-thin (LvmThinPlugin) allows any snapshot.
   */
  private void rollbackPossible(Guest g, String name) {
    Storage st = cluster.storage(g.storage);
    if (st == null || !"zfspool".equals(st.type())) {
      return;
    }
    boolean found = false;
    for (Snapshot other : g.snapshots.values()) {
      if (other.name.equals(name)) {
        found = true;
      } else if (found) {
        throw new TaskFailure(
            "can't rollback, '" + name + "' is not most recent snapshot on '" + g.volid() + "'");
      }
    }
  }

  private void spawnStart(Guest g, ApiRequest req) {
    tasks.submit(
        g.node,
        g.type == GuestType.LXC ? "vzstart" : "qmstart",
        String.valueOf(g.vmid),
        req.principal(),
        TaskManager.Work.of(
            t -> {
              if (g.lock != null) {
                throw new TaskFailure(g.lockedMessage());
              }
            },
            t -> {
              if (cluster.guest(g.vmid) == g && !g.running()) {
                cluster.start(g);
              }
            }));
  }

  private Object delete(ApiRequest req, GuestType type) {
    String[] missing = new String[1];
    Guest g = findOrMissingTask(req, type, "delsnapshot", missing);
    if (g == null) {
      return missing[0];
    }
    String name = req.str("snapname");
    return tasks.submit(
            g.node,
            taskType(type, "delsnapshot"),
            String.valueOf(g.vmid),
            req.principal(),
            TaskManager.Work.of(
                t -> {
                  Snapshot s = requireSnapshot(g, name);
                  cluster.lockConfig(type, g.vmid, t); // set_lock
                  if (g.lock != null) {
                    throw new TaskFailure(g.lockedMessage());
                  }
                  g.lock = "snapshot-delete";
                  s.snapstate = "delete";
                  cluster.changed();
                },
                t -> {
                  Snapshot s = g.snapshots.remove(name);
                  if (s != null) {
                    for (Snapshot other : g.snapshots.values()) {
                      if (name.equals(other.parent)) {
                        other.parent = s.parent;
                      }
                    }
                    if (name.equals(g.parent)) {
                      g.parent = s.parent;
                    }
                  }
                  g.lock = null;
                  cluster.changed();
                }))
        .upid;
  }

  private Snapshot syncSnapshot(Guest g, String name) {
    Snapshot s = g.snapshots.get(name);
    if (s == null) {
      throw ApiException.fail("snapshot '" + name + "' does not exist");
    }
    return s;
  }

  private Object index(ApiRequest req, GuestType type) {
    // snapshot_cmd_idx has no proxyto and no checks: a static directory index
    return List.of(Map.of("cmd", "rollback"), Map.of("cmd", "config"));
  }

  private Object config(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    Snapshot s = syncSnapshot(g, req.str("snapname"));
    Map<String, Object> c = new LinkedHashMap<>(s.config);
    c.put("snaptime", s.snaptime);
    if (s.description != null && !s.description.isEmpty()) {
      c.put("description", s.description);
    }
    if (s.parent != null) {
      c.put("parent", s.parent);
    }
    if (s.snapstate != null) {
      c.put("snapstate", s.snapstate);
    }
    if (type == GuestType.QEMU && s.vmstate) {
      c.put("vmstate", "local-lvm:vm-" + g.vmid + "-state-" + s.name);
    }
    c.put("digest", Guest.digest(s.config));
    return c;
  }

  private Object putConfig(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    Snapshot s = syncSnapshot(g, req.str("snapname"));
    if (req.has("description")) {
      s.description = req.str("description");
    }
    cluster.changed();
    return null;
  }
}
