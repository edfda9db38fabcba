package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PUT /nodes/{node}/lxc/{vmid}/resize}: grows a container's root disk, as pve-container's
 * {@code src/PVE/API2/LXC.pm} (resize_vm) does. Its checks run before the worker is forked (a sync
 * error): the config lock, {@code Datastore.AllocateSpace} on the volume's storage, the digest, a
 * size below the current one ("unable to shrink disk size") or equal to it ("disk is already at
 * specified size"); then a {@code resize} task under the config lock sets the new size.
 */
public final class ResizeApi {

  private static final Permission DISK = Permission.any("/vms/{vmid}", Privilege.VM_CONFIG_DISK);
  private static final Pattern SIZE = Pattern.compile("(\\+?)(\\d+(?:\\.\\d+)?)([KMGT]?)");

  private final Cluster cluster;
  private final AccessControl access;
  private final GuestTasks tasks;

  public ResizeApi(Cluster cluster, TaskManager tasks, AccessControl access) {
    this.cluster = cluster;
    this.access = access;
    this.tasks = new GuestTasks(cluster, tasks);
  }

  public void register(Router r) {
    r.put(
            "/nodes/{node}/lxc/{vmid}/resize",
            Params.none()
                .enumOf("disk", "rootfs")
                .str("size", null, 64)
                .str("digest", null, 40)
                .required("disk", "size"),
            this::resize)
        .check(DISK);
  }

  private Object resize(ApiRequest req) {
    Matcher m = SIZE.matcher(req.str("size"));
    if (!m.matches()) {
      throw ApiException.param("size", "value does not match the regex pattern\n");
    }
    Guest g = Guests.require(cluster, req, GuestType.LXC);
    if (g.lock != null) {
      throw ApiException.fail(g.lockedMessage());
    }
    access.check(req.principal(), "/storage/" + g.storage, Privilege.DATASTORE_ALLOCATE_SPACE);
    if (req.has("digest") && !Guest.digest(g.config()).equals(req.str("digest"))) {
      throw ApiException.fail(
          "detected modified configuration - file changed by other user? Try again.");
    }
    long current = g.diskGiB * GIB;
    long requested = bytes(m.group(2), m.group(3));
    long wanted = m.group(1).isEmpty() ? requested : current + requested;
    if (wanted < current) {
      throw ApiException.fail("unable to shrink disk size\n");
    }
    if (wanted == current) {
      throw ApiException.fail("disk is already at specified size\n");
    }
    int gib = (int) Math.ceil(wanted / (double) GIB);
    return tasks.submit(
        g,
        "resize",
        req.principal(),
        t -> {},
        t -> {
          cluster.beforeChange(g);
          g.diskGiB = gib;
          cluster.changed();
        });
  }

  private static final long GIB = 1024L * 1024 * 1024;

  /**
   * {@code PVE::JSONSchema::parse_size}: a number with an optional K/M/G/T unit (bytes without).
   */
  private static long bytes(String number, String unit) {
    double n = Double.parseDouble(number);
    long factor =
        switch (unit) {
          case "K" -> 1024L;
          case "M" -> 1024L * 1024;
          case "G" -> GIB;
          case "T" -> GIB * 1024;
          default -> 1L;
        };
    return (long) (n * factor);
  }
}
