package io.pvepanel.localsuite;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's child processes. They are started in a session of their own ({@code setsid}) so a
 * Ctrl-C reaches only the launcher, whose shutdown hook then stops them in reverse start order
 * (SIGTERM, then SIGKILL after a grace period).
 *
 * <p>A launcher killed with SIGKILL runs no hook; for that case a watchdog shell ({@link #REAPER})
 * polls the launcher's PID every second, remembering its children, and when the launcher is gone
 * sends them SIGTERM (SIGKILL 30 s later). The embedded parts (simulator, Kafka, mail) live in the
 * launcher's JVM and die with it; the embedded MariaDB's mysqld is a child too and is reaped the
 * same way.
 */
public final class Children implements AutoCloseable {

  /** The watchdog: {@code sh -c REAPER reaper <launcher pid>}. */
  static final String REAPER =
      """
      P=$1; kids=""
      while kill -0 "$P" 2>/dev/null; do
        k=$(ps -o pid= --ppid "$P" 2>/dev/null | tr -d ' ' | grep -vx "$$" | tr '\\n' ' ')
        [ -n "$k" ] && kids="$k"
        sleep 1
      done
      [ -n "$kids" ] || exit 0
      kill -TERM $kids 2>/dev/null
      for i in $(seq 1 30); do
        alive=""; for c in $kids; do kill -0 "$c" 2>/dev/null && alive="$alive $c"; done
        [ -z "$alive" ] && exit 0
        sleep 1
      done
      kill -KILL $kids 2>/dev/null
      """;

  /** A started child. */
  public record Child(String name, Process process, Path log) {}

  private final List<Child> children = new CopyOnWriteArrayList<>();
  private final boolean setsid;
  private volatile Process reaper;
  private volatile boolean stopping;

  public Children() {
    this.setsid = onPath("setsid");
  }

  /** Starts the SIGKILL watchdog (best effort: skipped where {@code ps} is missing). */
  public void startReaper() {
    if (!onPath("ps")) {
      return;
    }
    List<String> cmd = new ArrayList<>();
    if (setsid) {
      cmd.add("setsid");
    }
    cmd.addAll(
        List.of(
            "sh",
            "-c",
            REAPER,
            "local-suite-reaper",
            Long.toString(ProcessHandle.current().pid())));
    try {
      reaper =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      // no watchdog: the shutdown hook still covers Ctrl-C and SIGTERM
    }
  }

  public Child start(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    if (stopping) {
      throw new IllegalStateException("stopping");
    }
    Files.createDirectories(log.getParent());
    List<String> cmd = new ArrayList<>();
    if (setsid) {
      cmd.add("setsid");
    }
    cmd.addAll(command);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Child c = new Child(name, pb.start(), log);
    children.add(c);
    return c;
  }

  public boolean stopping() {
    return stopping;
  }

  public void forget(Child c) {
    children.remove(c);
  }

  /** SIGTERM to all (newest first), wait up to {@code grace}, then SIGKILL what is left. */
  public void stopAll(Duration grace) {
    stopping = true;
    List<Child> reversed = new ArrayList<>(children);
    java.util.Collections.reverse(reversed);
    for (Child c : reversed) {
      c.process().destroy();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Child c : reversed) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!c.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          System.out.println("  " + c.name() + " did not stop in time: killing it");
          c.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.process().destroyForcibly();
      }
    }
    children.clear();
  }

  @Override
  public void close() {
    stopAll(Duration.ofSeconds(40));
    Process r = reaper;
    if (r != null) {
      r.destroy();
      try {
        r.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
