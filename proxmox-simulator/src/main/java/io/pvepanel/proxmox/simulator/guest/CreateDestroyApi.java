package io.pvepanel.proxmox.simulator.guest;

import static io.pvepanel.proxmox.simulator.guest.GuestTasks.lockCheck;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Principal;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.task.Task;
import io.pvepanel.proxmox.simulator.task.TaskFailure;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** LXC create and LXC/QEMU destroy. */
public final class CreateDestroyApi {

  private final Cluster cluster;
  private final TaskManager tasks;
  private final GuestTasks guestTasks;
  private final AccessControl access;

  public CreateDestroyApi(Cluster cluster, TaskManager tasks, AccessControl access) {
    this.cluster = cluster;
    this.access = access;
    this.tasks = tasks;
    this.guestTasks = new GuestTasks(cluster, tasks);
  }

  // pve-container API2/LXC.pm, qemu-server API2/Qemu.pm destroy_vm
  private static final Permission ALLOCATE = Permission.perm("/vms/{vmid}", Privilege.VM_ALLOCATE);

  // create_vm parameters taken out before check_ct_modify_config_perm looks at the rest
  private static final List<String> EXTRACTED =
      List.of(
          "node",
          "vmid",
          "ignore-unpack-errors",
          "bwlimit",
          "start",
          "ha-managed",
          "unprivileged",
          "restore",
          "unique",
          "force",
          "password",
          "ssh-public-keys",
          "pool",
          "ostemplate",
          "storage");

  public void register(Router r) {
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
            .enumOf("cmode", "shell", "console", "tty")
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
            this::destroyLxc)
        .check(ALLOCATE);
    r.delete(
            "/nodes/{node}/qemu/{vmid}",
            Params.none().bool("purge").bool("destroy-unreferenced-disks").bool("skiplock"),
            this::destroyQemu)
        .check(ALLOCATE);
  }

  private Object createLxc(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    int vmid = (int) req.integer("vmid", 0);
    Principal who = req.principal();
    // pve-container API2/LXC.pm create_vm (user => 'all', checks inside): a privileged CT needs
    // Sys.Modify on / (only Administrator has it), HA Sys.Console
    boolean unprivileged = !req.has("unprivileged") || req.bool("unprivileged");
    if (!unprivileged) {
      access.check(who, "/", Privilege.SYS_MODIFY);
    }
    if (req.bool("ha-managed")) {
      access.check(who, "/", Privilege.SYS_CONSOLE);
    }
    Guest existing = cluster.guest(vmid);
    if (existing != null) {
      throw ApiException.fail(
          existing.type.word() + " " + vmid + " already exists on node '" + existing.node + "'");
    }
    String pool = req.str("pool");
    if (pool != null && !who.isRootPam() && !access.poolExists(pool)) {
      throw AccessControl.denied("pool '" + pool + "' does not exist");
    }
    if (!who.isRootPam()
        && !access.has(who, "/vms/" + vmid, Privilege.VM_ALLOCATE)
        && !(pool != null && access.has(who, "/pool/" + pool, Privilege.VM_ALLOCATE))) {
      throw AccessControl.denied(null);
    }
    Map<String, Object> newConf = new LinkedHashMap<>(req.values());
    EXTRACTED.forEach(newConf::remove);
    ConfigPermissions.lxc(access, who, vmid, pool, null, newConf, List.of(), unprivileged);
    // pve-storage Storage.pm check_volume_access of the template: read access to its storage
    String templateStorage = req.str("ostemplate").split(":")[0];
    if (!who.isRootPam()
        && !access.has(who, "/storage/" + templateStorage, Privilege.DATASTORE_ALLOCATE)) {
      access.checkAny(
          who,
          "/storage/" + templateStorage,
          Privilege.DATASTORE_ALLOCATE_SPACE,
          Privilege.DATASTORE_AUDIT);
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
    if (!who.isRootPam()) {
      access.check(who, "/storage/" + storage, Privilege.DATASTORE_ALLOCATE_SPACE);
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
                  g.cmode = "tty".equals(req.str("cmode")) ? null : req.str("cmode");
                  g.tags = req.str("tags");
                  g.description = req.str("description");
                  g.onboot = req.bool("onboot");
                  g.protection = req.bool("protection");
                  g.unprivileged = unprivileged;
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
                  if (pool != null && access.poolExists(pool)) {
                    access.addToPool(pool, vmid);
                  }
                  cluster.changed();
                  if (req.bool("start")) {
                    spawnStart(g, p);
                  }
                }))
        .upid;
  }

  private Object destroyLxc(ApiRequest req) {
    // pve-container API2/LXC.pm destroy_vm early checks: protection, then lock
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (g.protection) {
      throw ApiException.fail("can't remove CT " + g.vmid + " - protection mode enabled");
    }
    if (g.lock != null) {
      throw ApiException.fail(g.lockedMessage());
    }
    if (g.running() && !req.bool("force")) {
      throw ApiException.fail("unable to destroy CT " + g.vmid + " - container is running");
    }
    return destroy(g, "vzdestroy", req.principal(), lockCheck(g, false));
  }

  private Object destroyQemu(ApiRequest req) {
    Guest g = Guests.require(cluster, req, GuestType.QEMU);
    boolean skip = Guests.skiplock(req);
    // qemu-server API2/Qemu.pm destroy_vm: protection and running before the fork; the config
    // lock only inside the worker (QemuServer.pm destroy_vm: check_lock unless skiplock or
    // 'suspended')
    if (g.protection) {
      throw ApiException.fail("can't remove VM " + g.vmid + " - protection mode enabled");
    }
    if (g.running()) {
      throw ApiException.fail("VM " + g.vmid + " is running - destroy failed");
    }
    return destroy(g, "qmdestroy", req.principal(), lockCheck(g, skip, "suspended"));
  }

  /** Starts a CT as its own vzstart task (create with start=1). */
  private void spawnStart(Guest g, Principal p) {
    guestTasks.submit(
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

  private String destroy(Guest g, String type, Principal p, Consumer<Task> lockCheck) {
    return guestTasks.submit(
        g,
        type,
        p,
        t -> {
          lockCheck.accept(t);
          if (g.running()) {
            cluster.stop(g);
          }
          g.lock = "destroyed";
          cluster.changed();
          t.log("  Logical volume \"vm-" + g.vmid + "-disk-0\" successfully removed.");
        },
        t -> cluster.remove(g.vmid));
  }
}
