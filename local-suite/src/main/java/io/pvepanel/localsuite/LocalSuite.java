package io.pvepanel.localsuite;

import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import io.pvepanel.proxmox.simulator.SshEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * Runs the whole suite locally and stays in the foreground (see {@code docs/local-run.md}): the
 * Proxmox simulator, a KRaft Kafka broker and a mail catcher in this JVM, the database (the local
 * one or an embedded MariaDB), then the services one after another as child processes.
 */
public final class LocalSuite {

  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m", "-Xshare:auto");

  private final SuiteOptions options;
  private final long startNanos = System.nanoTime();
  private final Children children = new Children();
  private final List<AutoCloseable> embedded = new ArrayList<>();
  private final CountDownLatch failed = new CountDownLatch(1);
  private volatile String failure;

  private LocalSuite(SuiteOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    SuiteOptions options;
    try {
      options = SuiteOptions.parse(args, System.getenv(), Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(SuiteOptions.USAGE);
      return;
    }
    System.setProperty("localsuite.logdir", options.runDir().resolve("logs").toString());
    LocalSuite suite = new LocalSuite(options);
    Runtime.getRuntime().addShutdownHook(new Thread(suite::shutdown, "local-suite-shutdown"));
    int code;
    try {
      code = suite.run();
    } catch (Exception e) {
      System.err.println("local suite failed: " + e);
      code = 1;
    }
    System.exit(code);
  }

  private int run() throws Exception {
    Path logs = options.runDir().resolve("logs");
    Files.createDirectories(logs);
    for (ServiceSpec s : ServiceSpec.all(options.gatewayPort())) {
      if (!Files.isRegularFile(s.jar(options.projectDir()))) {
        System.err.println(
            "missing "
                + options.projectDir().relativize(s.jar(options.projectDir()))
                + ": build first");
        return 1;
      }
    }
    children.startReaper();

    ProxmoxSimulator sim =
        step(
            "proxmox simulator",
            () ->
                ProxmoxSimulator.start(
                    SimulatorConfig.builder()
                        .port(options.simulatorPort())
                        .https(false)
                        .taskDuration(Duration.ofSeconds(1))
                        .seed(GuestSeed.demo())
                        .build()));
    embedded.add(sim);
    System.out.println("proxmox simulator: " + sim.baseUrl());

    EmbeddedKafka kafka = step("kafka", EmbeddedKafka::start);
    embedded.add(kafka);
    LocalDatabase db = step("database", () -> LocalDatabase.start(options));
    embedded.add(db);
    MailCatcher mail = step("mail catcher", () -> MailCatcher.start(0));
    embedded.add(mail);
    System.out.printf(
        "kafka: %s, database: %s:%d (%s), mail: smtp 127.0.0.1:%d%n",
        kafka.bootstrapServers(),
        db.host(),
        db.port(),
        db.embedded() ? "embedded MariaDB" : "local server",
        mail.smtpPort());

    SuiteContext ctx =
        new SuiteContext(
            new SuiteContext.Db(db.host(), db.port(), db.user(), db.password()),
            kafka.bootstrapServers(),
            options.jwtSecret(),
            proxmox(sim),
            "127.0.0.1",
            mail.smtpPort(),
            SuiteContext.defaultDemoServers());

    Cds cds = new Cds(options.runDir().resolve("cds"), options.cds());
    cds.prepare();
    List<ServiceSpec> services = ServiceSpec.all(options.gatewayPort());
    List<ServiceSpec> untrained = new ArrayList<>();
    for (ServiceSpec s : services) {
      Path jar = s.jar(options.projectDir());
      boolean archived = cds.usable(s.name(), jar);
      if (cds.enabled() && !archived) {
        untrained.add(s);
      }
      long t0 = System.nanoTime();
      System.out.printf("starting %s on %d%s ...%n", s.name(), s.port(), archived ? " (CDS)" : "");
      List<String> cmd = new ArrayList<>();
      cmd.add(javaBinary());
      cmd.addAll(JVM_FLAGS);
      cmd.addAll(cds.runOptions(s.name(), jar));
      cmd.add("-jar");
      cmd.add(jar.toString());
      Path log = logs.resolve(s.name() + ".log");
      Children.Child child =
          children.start(s.name(), cmd, ServiceEnvironment.of(s, ctx, services), log);
      child
          .process()
          .onExit()
          .thenAccept(
              p -> {
                if (!children.stopping()) {
                  fail(s.name() + " exited with code " + p.exitValue() + "; see " + log);
                }
              });
      Readiness.Outcome outcome =
          Readiness.await(
              URI.create(s.readinessUrl()),
              READY_TIMEOUT,
              Duration.ofMillis(200),
              () -> child.process().isAlive());
      if (outcome != Readiness.Outcome.READY) {
        System.err.printf(
            "%s %s; last lines of %s:%n%s%n",
            s.name(),
            outcome == Readiness.Outcome.DIED ? "exited during start-up" : "did not become ready",
            log,
            tail(log, 25));
        return 1;
      }
      System.out.printf("  %s ready in %.1f s%n", s.name(), (System.nanoTime() - t0) / 1e9);
    }

    Instant now = Instant.now();
    String gateway = "http://localhost:" + options.gatewayPort();
    String user1 = Tokens.user(options.jwtSecret(), 1, now);
    String user2 = Tokens.user(options.jwtSecret(), 2, now);
    String admin = Tokens.admin(options.jwtSecret(), now);
    step(
        "demo customers",
        () -> {
          DemoCustomers.register(gateway, admin, ctx.demoServers(), Duration.ofSeconds(30));
          return null;
        });
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.println();
    System.out.println("gateway: " + gateway);
    System.out.println("demo token user 1: " + user1);
    System.out.println("demo token user 2: " + user2);
    System.out.println("admin token: " + admin);
    System.out.println("mails: " + mail.url());
    System.out.println("proxmox simulator: " + sim.baseUrl());
    System.out.println("logs: " + logs + "/");
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("GATEWAY_URL", gateway);
    summary.put("TOKEN_USER1", user1);
    summary.put("TOKEN_USER2", user2);
    summary.put("TOKEN_ADMIN", admin);
    summary.put("MAILS_URL", mail.url());
    summary.put("SIMULATOR_URL", sim.baseUrl());
    summary.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    writeEnvFile(options.runDir().resolve("suite.env"), summary);
    System.out.printf(
        Locale.ROOT,
        "ready in %.1f s (also in %s); Ctrl-C stops everything%n",
        seconds,
        options.runDir().resolve("suite.env"));

    if (!untrained.isEmpty()) {
      Thread t =
          new Thread(() -> train(untrained, cds, ctx, services, logs), "local-suite-cds-training");
      t.setDaemon(true);
      t.start();
    }
    failed.await();
    System.err.println(failure);
    return 1;
  }

  /** Training runs for the services without an archive, one at a time, after the suite is up. */
  private void train(
      List<ServiceSpec> untrained, Cds cds, SuiteContext ctx, List<ServiceSpec> all, Path logs) {
    for (ServiceSpec s : untrained) {
      if (children.stopping()) {
        return;
      }
      Path jar = s.jar(options.projectDir());
      List<String> cmd = new ArrayList<>();
      cmd.add(javaBinary());
      cmd.addAll(JVM_FLAGS);
      cmd.addAll(cds.trainingOptions(s.name()));
      cmd.add("-jar");
      cmd.add(jar.toString());
      Map<String, String> env = new LinkedHashMap<>(ServiceEnvironment.of(s, ctx, all));
      env.put("SERVER_PORT", "0");
      try {
        Children.Child c =
            children.start(s.name() + "-cds", cmd, env, logs.resolve(s.name() + "-cds.log"));
        int code = c.process().waitFor();
        children.forget(c);
        if (!children.stopping() && cds.commit(s.name(), jar, code)) {
          System.out.println(
              "  class-data archive for " + s.name() + " written (faster next start)");
        }
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void fail(String message) {
    failure = message;
    failed.countDown();
  }

  private void shutdown() {
    System.out.println();
    System.out.println("stopping ...");
    children.close();
    for (int i = embedded.size() - 1; i >= 0; i--) {
      try {
        embedded.get(i).close();
      } catch (Exception e) {
        System.err.println("  " + e);
      }
    }
    System.out.println("stopped");
  }

  static SuiteContext.Proxmox proxmox(ProxmoxSimulator sim) {
    Map<String, SuiteContext.Ssh> nodes = new LinkedHashMap<>();
    for (Map.Entry<String, SshEndpoint> e : sim.sshEndpoints().entrySet()) {
      SshEndpoint s = e.getValue();
      nodes.put(e.getKey(), new SuiteContext.Ssh(s.host(), s.port(), s.hostKeyFingerprint()));
    }
    return new SuiteContext.Proxmox(
        "local",
        sim.baseUrl(),
        sim.tokenId() + "=" + sim.tokenSecret(),
        nodes.isEmpty() ? null : openSshPrivateKey(sim.sshClientKeyPair()),
        nodes);
  }

  static String openSshPrivateKey(KeyPair keyPair) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "local-suite", null, out);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  static void writeEnvFile(Path file, Map<String, String> values) throws IOException {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    Files.writeString(file, sb.toString());
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(no log)";
    }
  }

  private <T> T step(String what, ThrowingSupplier<T> s) throws Exception {
    long t0 = System.nanoTime();
    try {
      T t = s.get();
      System.out.printf(Locale.ROOT, "  %s up in %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
      return t;
    } catch (Exception e) {
      throw new IllegalStateException(what + " did not start: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }
}
