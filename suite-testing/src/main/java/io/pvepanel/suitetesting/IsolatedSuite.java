package io.pvepanel.suitetesting;

import io.pvepanel.localsuite.Children;
import io.pvepanel.localsuite.DemoCustomers;
import io.pvepanel.localsuite.EmbeddedKafka;
import io.pvepanel.localsuite.MailCatcher;
import io.pvepanel.localsuite.Readiness;
import io.pvepanel.localsuite.ServiceEnvironment;
import io.pvepanel.localsuite.ServiceSpec;
import io.pvepanel.localsuite.SuiteContext;
import io.pvepanel.localsuite.SuiteOptions;
import io.pvepanel.localsuite.Tokens;
import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import io.pvepanel.proxmox.simulator.SshEndpoint;
import io.pvepanel.testsupport.FreePorts;
import io.pvepanel.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local suite, assembled in this JVM from the launcher's own parts ({@code local-suite}'s plain
 * jar): the Proxmox simulator, the KRaft broker and the mail catcher in-process, the five services
 * as child processes from their {@code -exec.jar}s with the environment {@link ServiceEnvironment}
 * builds, exactly as {@code LocalSuite} does.
 *
 * <p>It differs from {@code ./local-suite.sh} only where a test must: every port is a free one (the
 * launcher pins control, collector, alerting and notification to 8081-8084), the databases are
 * fresh uniquely named ones ({@link TestDatabase}, dropped on close — the launcher drops and
 * re-creates {@code control}, {@code collector}, ... which would wipe a developer's running suite),
 * no class-data sharing (the launcher's {@code --no-cds}), and the services start in parallel.
 * {@link #close()} stops everything, whatever state the start reached.
 */
public final class IsolatedSuite implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IsolatedSuite.class);

  /** The launcher's JVM flags for the services ({@code LocalSuite.JVM_FLAGS}), without CDS. */
  static final List<String> JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m");

  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Path projectDir;
  private final Path logDir;
  private final String databasePrefix;
  private final Children children = new Children();
  private final List<AutoCloseable> embedded = new ArrayList<>();
  private final List<TestDatabase> databases = new ArrayList<>();
  private final List<Children.Child> started = new ArrayList<>();

  private ProxmoxSimulator simulator;
  private MailCatcher mail;
  private String gatewayUrl;
  private String tokenUser1;
  private String tokenUser2;
  private String tokenAdmin;

  /**
   * @param projectDir the repository root (the services' jars are read from it)
   * @param runDir where the services' logs go ({@code runDir/logs})
   * @param databasePrefix names the suite's databases {@code t_<prefix>_<service>_<random>}
   */
  public IsolatedSuite(Path projectDir, Path runDir, String databasePrefix) {
    this.databasePrefix = databasePrefix;
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.logDir = runDir.toAbsolutePath().normalize().resolve("logs");
  }

  /** Starts everything and waits until every service is ready; throws if one is not. */
  public IsolatedSuite start() throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(logDir);
    try (Stream<Path> old = Files.list(logDir)) {
      for (Path p : old.toList()) {
        Files.deleteIfExists(p);
      }
    }
    int gatewayPort = FreePorts.find();
    List<ServiceSpec> services = new ArrayList<>();
    for (ServiceSpec s : ServiceSpec.all(gatewayPort)) {
      int port = s.name().equals("gateway") ? gatewayPort : FreePorts.find();
      String database = null;
      if (s.database() != null) {
        TestDatabase db = TestDatabase.create(databasePrefix + "_" + s.database());
        databases.add(db);
        database = db.name();
      }
      services.add(new ServiceSpec(s.name(), s.module(), port, FreePorts.find(), database));
    }
    for (ServiceSpec s : services) {
      if (!Files.isRegularFile(s.jar(projectDir))) {
        throw new IllegalStateException(
            "missing " + s.jar(projectDir) + ": build the services first (./mvnw package)");
      }
    }
    children.startReaper();

    simulator =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .port(0)
                .https(false)
                .taskDuration(Duration.ofSeconds(1))
                .seed(GuestSeed.demo())
                .build());
    embedded.add(simulator);
    EmbeddedKafka kafka = EmbeddedKafka.start();
    embedded.add(kafka);
    mail = MailCatcher.start(0);
    embedded.add(mail);
    TestDatabase anyDb = databases.get(0);
    log.info(
        "embedded parts up in {} ms: simulator {}, kafka {}, smtp 127.0.0.1:{}, database {}:{}",
        (System.nanoTime() - t0) / 1_000_000,
        simulator.baseUrl(),
        kafka.bootstrapServers(),
        mail.smtpPort(),
        anyDb.host(),
        anyDb.port());

    String secret = SuiteOptions.DEV_JWT_SECRET;
    SuiteContext ctx =
        new SuiteContext(
            new SuiteContext.Db(anyDb.host(), anyDb.port(), anyDb.username(), anyDb.password()),
            kafka.bootstrapServers(),
            secret,
            proxmox(simulator),
            "127.0.0.1",
            mail.smtpPort(),
            SuiteContext.defaultDemoServers());

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (ServiceSpec s : services) {
      List<String> cmd = new ArrayList<>();
      cmd.add(java);
      cmd.addAll(JVM_FLAGS);
      cmd.add("-jar");
      cmd.add(s.jar(projectDir).toString());
      Path logFile = logDir.resolve(s.name() + ".log");
      started.add(children.start(s.name(), cmd, ServiceEnvironment.of(s, ctx, services), logFile));
      log.info("started {} on port {} (log {})", s.name(), s.port(), logFile);
    }
    for (int i = 0; i < services.size(); i++) {
      ServiceSpec s = services.get(i);
      Process p = started.get(i).process();
      Readiness.Outcome outcome =
          Readiness.await(
              URI.create(s.readinessUrl()), READY_TIMEOUT, Duration.ofMillis(250), p::isAlive);
      if (outcome != Readiness.Outcome.READY) {
        throw new IllegalStateException(
            s.name() + (outcome == Readiness.Outcome.DIED ? " died" : " did not become ready"));
      }
      log.info("{} ready after {} ms", s.name(), (System.nanoTime() - t0) / 1_000_000);
    }
    gatewayUrl = "http://127.0.0.1:" + gatewayPort;
    Instant now = Instant.now();
    tokenUser1 = Tokens.user(secret, 1, now);
    tokenUser2 = Tokens.user(secret, 2, now);
    tokenAdmin = Tokens.admin(secret, now);
    DemoCustomers.register(gatewayUrl, tokenAdmin, ctx.demoServers(), READY_TIMEOUT);
    log.info("suite ready in {} ms: gateway {}", (System.nanoTime() - t0) / 1_000_000, gatewayUrl);
    return this;
  }

  /** Where each service's log is written ({@code <service>.log}). */
  public Path logDir() {
    return logDir;
  }

  /** A service that exited while the test ran (by name), or empty. */
  public List<String> deadServices() {
    List<String> dead = new ArrayList<>();
    for (Children.Child c : started) {
      if (!c.process().isAlive()) {
        dead.add(c.name() + " (exit " + c.process().exitValue() + ")");
      }
    }
    return dead;
  }

  /** The last {@code lines} lines of each service's log, for a failure report. */
  public String logTails(int lines) {
    StringBuilder sb = new StringBuilder();
    List<Path> files;
    try (Stream<Path> s = Files.list(logDir)) {
      files = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      return "(no logs in " + logDir + ": " + e + ")";
    }
    for (Path f : files) {
      sb.append("\n===== last ").append(lines).append(" lines of ").append(f).append(" =====\n");
      try {
        List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
        sb.append(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())));
      } catch (IOException | UncheckedIOException e) {
        sb.append("(unreadable: ").append(e).append(')');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  public String tokenUser1() {
    return tokenUser1;
  }

  public String tokenUser2() {
    return tokenUser2;
  }

  public String tokenAdmin() {
    return tokenAdmin;
  }

  /** The suite's Proxmox simulator; null for an {@link #external} suite. */
  public ProxmoxSimulator simulator() {
    return simulator;
  }

  /** The suite's mail catcher; null for an {@link #external} suite. */
  public MailCatcher mail() {
    return mail;
  }

  /**
   * A suite that is already running, from the {@code suite.env} the launcher writes: for quick
   * iterations against {@code ./local-suite.sh}. Only the gateway and the tokens are known.
   */
  public static IsolatedSuite external(Path suiteEnv) throws IOException {
    IsolatedSuite s = new IsolatedSuite(suiteEnv.getParent(), suiteEnv.getParent(), "external");
    for (String line : Files.readAllLines(suiteEnv, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String k = line.substring(0, eq).trim();
      String v = line.substring(eq + 1).trim().replace("'", "").replace("\"", "");
      switch (k) {
        case "GATEWAY_URL" -> s.gatewayUrl = v;
        case "TOKEN_USER1" -> s.tokenUser1 = v;
        case "TOKEN_USER2" -> s.tokenUser2 = v;
        case "TOKEN_ADMIN" -> s.tokenAdmin = v;
        default -> {}
      }
    }
    return s;
  }

  /** A token of demo user {@code userId} that expires after {@code validFor}. */
  public static String shortLivedToken(long userId, Duration validFor) {
    return Tokens.mint(
        SuiteOptions.DEV_JWT_SECRET,
        userId,
        "user" + userId + "@demo.test",
        false,
        Instant.now(),
        validFor);
  }

  @Override
  public void close() {
    long t0 = System.nanoTime();
    children.close(); // SIGTERM newest first (gateway first), SIGKILL after 40 s
    for (int i = embedded.size() - 1; i >= 0; i--) {
      try {
        embedded.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {}: {}", embedded.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    for (TestDatabase db : databases) {
      try {
        db.close();
      } catch (RuntimeException e) {
        log.warn("dropping {}: {}", db.name(), e.toString());
      }
    }
    log.info("suite stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  /** The simulator as the suite's one cluster, as {@code LocalSuite.proxmox} builds it. */
  private static SuiteContext.Proxmox proxmox(ProxmoxSimulator sim) {
    Map<String, SuiteContext.Ssh> nodes = new LinkedHashMap<>();
    for (Map.Entry<String, SshEndpoint> e : sim.sshEndpoints().entrySet()) {
      SshEndpoint s = e.getValue();
      nodes.put(e.getKey(), new SuiteContext.Ssh(s.host(), s.port(), s.hostKeyFingerprint()));
    }
    String key = null;
    if (!nodes.isEmpty()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
            sim.sshClientKeyPair(), "e2e", null, out);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      key = out.toString(StandardCharsets.US_ASCII);
    }
    return new SuiteContext.Proxmox(
        "local", sim.baseUrl(), sim.tokenId() + "=" + sim.tokenSecret(), key, nodes);
  }
}
