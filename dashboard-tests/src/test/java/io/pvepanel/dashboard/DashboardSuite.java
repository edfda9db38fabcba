package io.pvepanel.dashboard;

import io.pvepanel.localsuite.Children;
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
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The whole suite for the browser tests, assembled from the local launcher's parts ({@code
 * local-suite}): the Proxmox simulator (demo seed), a KRaft broker and the mail catcher in this
 * JVM, the five services as child processes from their {@code -exec.jar}s with the environment
 * {@link ServiceEnvironment} builds, as {@code ./local-suite.sh} does.
 *
 * <p>Unlike the launcher, every port is a free one (the launcher pins 8081-8084), the databases are
 * fresh uniquely named ones dropped on close (the launcher re-creates {@code control}, ... which
 * would wipe a developer's running suite), there is no class-data sharing, and the services start
 * in parallel. So it runs beside a local suite or another test module's suite.
 */
final class DashboardSuite implements AutoCloseable {

  static final List<String> JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m");
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Path projectDir;
  private final Path logDir;
  private final Children children = new Children();
  private final List<AutoCloseable> embedded = new ArrayList<>();
  private final List<TestDatabase> databases = new ArrayList<>();
  private final List<Children.Child> started = new ArrayList<>();

  String gatewayUrl;
  String tokenUser1;
  String tokenUser2;

  /**
   * A suite that is already running, from the {@code suite.env} the launcher writes ({@code
   * -Ddashboard.suiteEnv=.local-suite/suite.env}): for quick iterations on the page.
   */
  static DashboardSuite external(Path suiteEnv) throws IOException {
    DashboardSuite s = new DashboardSuite(suiteEnv.getParent(), suiteEnv.getParent());
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
        default -> {}
      }
    }
    return s;
  }

  DashboardSuite(Path projectDir, Path logDir) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.logDir = logDir.toAbsolutePath().normalize();
  }

  DashboardSuite start() throws Exception {
    Files.createDirectories(logDir);
    int gatewayPort = FreePorts.find();
    List<ServiceSpec> services = new ArrayList<>();
    for (ServiceSpec s : ServiceSpec.all(gatewayPort)) {
      int port = s.name().equals("gateway") ? gatewayPort : FreePorts.find();
      services.add(new ServiceSpec(s.name(), s.module(), port, s.database()));
    }
    for (ServiceSpec s : services) {
      if (!Files.isRegularFile(s.jar(projectDir))) {
        throw new IllegalStateException(
            "missing "
                + s.jar(projectDir)
                + ": build the suite first (./mvnw -B -ntp -q -DskipTests install)");
      }
    }
    List<ServiceSpec> withDbs = new ArrayList<>();
    for (ServiceSpec s : services) {
      String database = null;
      if (s.database() != null) {
        TestDatabase db = TestDatabase.create("dash_" + s.database());
        databases.add(db);
        database = db.name();
      }
      withDbs.add(new ServiceSpec(s.name(), s.module(), s.port(), database));
    }
    services = withDbs;
    children.startReaper();

    ProxmoxSimulator sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .port(0)
                .https(false)
                .taskDuration(Duration.ofSeconds(1))
                .seed(GuestSeed.demo())
                .build());
    embedded.add(sim);
    EmbeddedKafka kafka = EmbeddedKafka.start();
    embedded.add(kafka);
    MailCatcher mail = MailCatcher.start(0);
    embedded.add(mail);
    TestDatabase anyDb = databases.get(0);
    String secret = SuiteOptions.DEV_JWT_SECRET;
    SuiteContext ctx =
        new SuiteContext(
            new SuiteContext.Db(anyDb.host(), anyDb.port(), anyDb.username(), anyDb.password()),
            kafka.bootstrapServers(),
            secret,
            proxmox(sim),
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
      started.add(
          children.start(
              s.name(),
              cmd,
              ServiceEnvironment.of(s, ctx, services),
              logDir.resolve(s.name() + ".log")));
    }
    for (int i = 0; i < services.size(); i++) {
      ServiceSpec s = services.get(i);
      Process p = started.get(i).process();
      Readiness.Outcome outcome =
          Readiness.await(
              URI.create(s.readinessUrl()), READY_TIMEOUT, Duration.ofMillis(250), p::isAlive);
      if (outcome != Readiness.Outcome.READY) {
        throw new IllegalStateException(
            s.name()
                + (outcome == Readiness.Outcome.DIED ? " died" : " did not become ready")
                + "; see "
                + logDir.resolve(s.name() + ".log"));
      }
    }
    gatewayUrl = "http://127.0.0.1:" + gatewayPort;
    Instant now = Instant.now();
    tokenUser1 = Tokens.user(secret, 1, now);
    tokenUser2 = Tokens.user(secret, 2, now);
    return this;
  }

  /** A token of that demo user that expires after {@code validFor}. */
  static String shortLivedToken(long userId, Duration validFor) {
    return Tokens.mint(
        SuiteOptions.DEV_JWT_SECRET,
        userId,
        "user" + userId + "@demo.test",
        false,
        Instant.now(),
        validFor);
  }

  /** Services that exited while the tests ran. */
  List<String> deadServices() {
    List<String> dead = new ArrayList<>();
    for (Children.Child c : started) {
      if (!c.process().isAlive()) {
        dead.add(c.name() + " (exit " + c.process().exitValue() + ")");
      }
    }
    return dead;
  }

  @Override
  public void close() {
    children.close();
    for (int i = embedded.size() - 1; i >= 0; i--) {
      try {
        embedded.get(i).close();
      } catch (Exception e) {
        System.err.println("stopping " + embedded.get(i).getClass().getSimpleName() + ": " + e);
      }
    }
    for (TestDatabase db : databases) {
      try {
        db.close();
      } catch (RuntimeException e) {
        System.err.println("dropping " + db.name() + ": " + e);
      }
    }
  }

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
            sim.sshClientKeyPair(), "dashboard", null, out);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      key = out.toString(StandardCharsets.US_ASCII);
    }
    return new SuiteContext.Proxmox(
        "local", sim.baseUrl(), sim.tokenId() + "=" + sim.tokenSecret(), key, nodes);
  }
}
