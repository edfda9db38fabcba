package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.Principal;
import io.pvepanel.proxmox.simulator.task.Task;
import io.pvepanel.proxmox.simulator.task.TaskFailure;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.util.List;
import java.util.function.Consumer;

/**
 * Worker tasks on one guest: the config-lock check, and the end that fails once the guest is gone
 * (destroyed or replaced) while its task ran.
 */
final class GuestTasks {

  private final Cluster cluster;
  private final TaskManager tasks;

  GuestTasks(Cluster cluster, TaskManager tasks) {
    this.cluster = cluster;
    this.tasks = tasks;
  }

  /**
   * Submits a task on the guest; its end fails with the "config does not exist" text if the guest
   * was removed meanwhile. Returns the UPID.
   */
  String submit(
      Guest g, String type, Principal p, Consumer<Task> prepare, Consumer<Task> complete) {
    return submit(g, type, p, true, prepare, complete);
  }

  /**
   * As above; {@code lockConfig} = the worker runs under {@code lock_config} (the config file lock,
   * which can time out).
   */
  String submit(
      Guest g,
      String type,
      Principal p,
      boolean lockConfig,
      Consumer<Task> prepare,
      Consumer<Task> complete) {
    return tasks.submit(
            g.node,
            type,
            String.valueOf(g.vmid),
            p,
            TaskManager.Work.of(
                t -> {
                  if (lockConfig) {
                    cluster.lockConfig(g.type, g.vmid, t);
                  }
                  prepare.accept(t);
                },
                t -> {
                  if (cluster.guest(g.vmid) != g) {
                    throw new TaskFailure(g.type.configFile(g.node, g.vmid));
                  }
                  complete.accept(t);
                }))
        .upid;
  }

  /**
   * A worker for a guest that is not on this node: it starts (the API returned a UPID) and dies
   * with {@code message}, e.g. {@code load_config}'s "Configuration file ... does not exist".
   */
  String missing(String node, String type, int vmid, Principal p, String message) {
    return tasks.submit(
            node,
            type,
            String.valueOf(vmid),
            p,
            TaskManager.Work.of(
                t -> {
                  throw new TaskFailure(message);
                },
                t -> {}))
        .upid;
  }

  /** A prepare step that fails on a config lock, unless skipped or one of {@code ignored}. */
  static Consumer<Task> lockCheck(Guest g, boolean skiplock, String... ignored) {
    return t -> {
      if (g.lock != null && !skiplock && !List.of(ignored).contains(g.lock)) {
        throw new TaskFailure(g.lockedMessage());
      }
    };
  }
}
