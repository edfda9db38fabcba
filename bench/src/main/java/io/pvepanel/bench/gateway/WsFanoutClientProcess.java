package io.pvepanel.bench.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WsFanoutClient} child JVM on this JVM's classpath. The child is destroyed on {@link
 * #close()} and by a shutdown hook; should this JVM be killed outright, the child sees its stdin
 * close and exits by itself.
 */
final class WsFanoutClientProcess implements AutoCloseable {

  // compared by identity: marks the end of the child's stdout, whatever it printed
  private static final String END = new String("<end>");

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread hook;

  private WsFanoutClientProcess(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.hook = new Thread(process::destroyForcibly, "ws-fanout-client-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the child is gone either way; END below tells the waiting side
              }
              lines.add(END);
            },
            "ws-fanout-client-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java <jvmOptions> -cp <this classpath> WsFanoutClient <args>}. */
  static WsFanoutClientProcess start(List<String> jvmOptions, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WsFanoutClient.class.getName());
    command.addAll(args);
    return new WsFanoutClientProcess(
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /**
   * The child's next line starting with {@code prefix}, echoing the lines before it; null if the
   * child exits or stays silent for {@code timeout}.
   */
  String await(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line == END) {
        return null;
      }
      if (line.startsWith(prefix + " ") || line.equals(prefix)) {
        return line;
      }
      System.out.println("client: " + line);
    }
  }

  void send(String line) throws IOException {
    stdin.write(line);
    stdin.write('\n');
    stdin.flush();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      stdin.close();
    } catch (IOException e) {
      // already exited: nothing left to tell it
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down already: the hook runs anyway and finds the child gone
    }
  }
}
