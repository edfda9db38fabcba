package io.pvepanel.proxmox.simulator.task;

import io.pvepanel.proxmox.simulator.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs simulated worker tasks. {@link Work#prepare} runs at once (checks, taking the config lock),
 * {@link Work#complete} after the configured duration (or immediately for {@code Duration.ZERO}). A
 * failure in either ends the task with that message, like a {@code die} inside a PVE worker.
 */
public final class TaskManager implements AutoCloseable {

  /** The body of a task. Both steps run under the state lock. */
  public interface Work {
    void prepare(Task task);

    void complete(Task task);

    /** A body of two steps: prepare (checks, lock) now, complete after the task duration. */
    static Work of(Consumer<Task> prepare, Consumer<Task> complete) {
      return new Work() {
        @Override
        public void prepare(Task task) {
          prepare.accept(task);
        }

        @Override
        public void complete(Task task) {
          complete.accept(task);
        }
      };
    }
  }

  public static final Pattern UPID =
      Pattern.compile(
          "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
              + "([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");

  private final Clock clock;
  private final Object lock;
  private final Duration duration;
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private long pid = 0x3A000 + ThreadLocalRandom.current().nextInt(0x1000);
  private final long bootTicks = 0x0A000000L + ThreadLocalRandom.current().nextInt(0x100000);

  public TaskManager(Clock clock, Object lock, Duration duration) {
    this.clock = clock;
    this.lock = lock;
    this.duration = duration;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pve-sim-tasks");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts a task; must be called under the state lock. */
  public Task submit(String node, String type, String id, Principal principal, Work work) {
    return submit(node, type, id, principal, work, duration);
  }

  public Task submit(
      String node, String type, String id, Principal principal, Work work, Duration runFor) {
    Task task = create(node, type, id, principal);
    try {
      work.prepare(task);
    } catch (TaskFailure f) {
      task.pendingError = f.getMessage();
    }
    // a worker that dies in its first checks ends at once, not after the task duration
    if (runFor.isZero() || task.pendingError != null) {
      finish(task, work);
    } else {
      scheduler.schedule(
          () -> {
            synchronized (lock) {
              finish(task, work);
            }
          },
          runFor.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return task;
  }

  /** A task that stays running until {@link #end} (console proxies). */
  public Task open(String node, String type, String id, Principal principal) {
    return create(node, type, id, principal);
  }

  public void end(Task task, String error) {
    synchronized (lock) {
      if (task.running()) {
        close(task, error);
      }
    }
  }

  /** Ends the task after a delay unless {@code keep} says otherwise by then. */
  public void endLater(Task task, Duration after, java.util.function.BooleanSupplier keep) {
    endLater(task, after, keep, null);
  }

  /** As above, ending with {@code error} (null = OK). */
  public void endLater(
      Task task, Duration after, java.util.function.BooleanSupplier keep, String error) {
    scheduler.schedule(
        () -> {
          if (!keep.getAsBoolean()) {
            end(task, error);
          }
        },
        after.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void finish(Task task, Work work) {
    if (!task.running()) {
      return; // aborted
    }
    if (task.pendingError == null) {
      try {
        work.complete(task);
      } catch (TaskFailure f) {
        task.pendingError = f.getMessage();
      } catch (RuntimeException e) {
        task.pendingError = String.valueOf(e.getMessage());
      }
    }
    close(task, task.pendingError);
  }

  private void close(Task task, String error) {
    task.endtime = clock.instant().getEpochSecond();
    if (error == null && task.warnings > 0) {
      task.lines.add("TASK WARNINGS: " + task.warnings);
      task.exitstatus = "WARNINGS: " + task.warnings;
    } else if (error == null) {
      task.lines.add("TASK OK");
      task.exitstatus = "OK";
    } else {
      String oneLine = error.strip().replace('\n', ' ');
      task.lines.add("TASK ERROR: " + oneLine);
      task.exitstatus = oneLine;
    }
  }

  private synchronized Task create(String node, String type, String id, Principal principal) {
    long p = ++pid;
    long pstart = bootTicks + (p & 0xFFFF) * 97;
    long start = clock.instant().getEpochSecond();
    String upid =
        String.format(
            Locale.ROOT,
            "UPID:%s:%08X:%08X:%08X:%s:%s:%s:",
            node,
            p,
            pstart,
            start,
            type,
            id,
            principal.actor());
    Task t =
        new Task(upid, node, p, pstart, start, type, id, principal.userid(), principal.tokenName());
    tasks.put(upid, t);
    return t;
  }

  public java.util.Collection<Task> all() {
    return tasks.values();
  }

  public Task find(String upid) {
    return tasks.get(upid);
  }

  public Duration duration() {
    return duration;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
