package io.pvepanel.bench.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency the control service adds over the simulator's own time, the simulator answering
 * instantly: reading a server ({@code GET /api/server/{id}}: ownership check and one row) next to
 * the simulator's {@code status/current}, and starting an action ({@code POST .../restart}, until
 * the 202) next to the simulator's {@code POST .../status/reboot}. Sequential requests over
 * loopback HTTP/1.1 keep-alive; prints p50/p90/p99 in microseconds.
 *
 * <p>The control service runs as its own process from {@code
 * server-control-service/target/server-control-service-exec.jar} ({@code CONTROL_JAR}); the
 * simulator runs in this JVM; no Kafka broker (events wait in the outbox, off the measured path).
 * Needs MariaDB on 127.0.0.1:3306 (root, no password; {@code TEST_DB_*} override). Run from the
 * repository root: {@code java -cp bench/target/benchmarks.jar
 * io.pvepanel.bench.control.ControlLatencyBench [reads] [actions]}.
 */
public final class ControlLatencyBench {

  private static final String SECRET = "bench-only-secret-0123456789abcdef-0123456789";
  static final String ISSUER = "https://bench.example";
  static final String AUDIENCE = "pvepanel";

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      run(args);
      status = 0;
    } finally {
      // The simulator's threads are not daemons: end the JVM whatever happened.
      System.exit(status);
    }
  }

  private static void run(String[] args) throws Exception {
    int reads = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int actions = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    String host = env("TEST_DB_HOST", "127.0.0.1");
    String port = env("TEST_DB_PORT", "3306");
    String user = env("TEST_DB_USER", "root");
    String password = env("TEST_DB_PASSWORD", "");
    String db = "bench_control_" + UUID.randomUUID().toString().substring(0, 8);

    ProxmoxSimulator sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .port(0)
                .https(false)
                .taskDuration(Duration.ZERO)
                .unauthorizedDelay(Duration.ZERO)
                .seed(GuestSeed.demo())
                .build());
    Map<String, Object> props = new HashMap<>();
    props.put(
        "spring.r2dbc.url", "r2dbc:mysql://" + host + ":" + port + "/" + db + "?sslMode=DISABLED");
    props.put("spring.r2dbc.username", user);
    props.put("spring.r2dbc.password", password);
    props.put(
        "spring.flyway.url",
        "jdbc:mariadb://" + host + ":" + port + "/" + db + "?createDatabaseIfNotExist=true");
    props.put("spring.flyway.user", user);
    props.put("spring.flyway.password", password);
    // No broker: events wait in the outbox, which is not on the request path being measured.
    props.put("spring.kafka.bootstrap-servers", "127.0.0.1:9");
    props.put("spring.kafka.producer.properties.max.block.ms", "10");
    props.put("pvepanel.security.jwt.secret", SECRET);
    props.put("pvepanel.security.jwt.issuer", ISSUER);
    props.put("pvepanel.security.jwt.audience", AUDIENCE);
    props.put("pvepanel.rsocket.service-token", "bench-only-service-token-0123456789abcdef");
    props.put("proxmox.clusters[0].name", "local");
    props.put("proxmox.clusters[0].base-url", sim.baseUrl());
    props.put("proxmox.clusters[0].allow-insecure-http", "true");
    props.put("proxmox.clusters[0].api-token", sim.tokenId() + "=" + sim.tokenSecret());
    props.put("proxmox.clusters[0].task-poll-interval", "20ms");
    props.put("pvepanel.control.demo-servers[0].owner-id", "1");
    props.put("pvepanel.control.demo-servers[0].node", "pve2");
    props.put("pvepanel.control.demo-servers[0].vmid", "105");
    props.put("pvepanel.control.demo-servers[0].name", "app02");
    props.put("logging.level.root", "WARN");
    // The service runs as it does in production: its own JVM from its runnable jar.
    int controlPort = freePort();
    props.put("server.port", Integer.toString(controlPort));
    int managementPort = freePort();
    props.put("management.server.port", Integer.toString(managementPort));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(
        env("CONTROL_JAR", "server-control-service/target/server-control-service-exec.jar"));
    props.forEach((k, v) -> command.add("--" + k + "=" + v));
    Process control =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "bench-control.log"))
            .start();
    try {
      String base = "http://127.0.0.1:" + controlPort;
      awaitReady("http://127.0.0.1:" + managementPort);
      String bearer = "Bearer " + token("1");
      String serverId = awaitServerId(base, bearer);
      String pveAuth = sim.apiTokenHeaderValue();
      String simRead = sim.baseUrl() + "/api2/json/nodes/pve2/lxc/105/status/current";
      String controlRead = base + "/api/server/" + serverId;
      time("GET", simRead, pveAuth, 500);
      time("GET", controlRead, bearer, 500);
      long[] simReads = time("GET", simRead, pveAuth, reads);
      long[] controlReads = time("GET", controlRead, bearer, reads);

      String simReboot = sim.baseUrl() + "/api2/json/nodes/pve2/lxc/105/status/reboot";
      long[] simActions = time("POST", simReboot, pveAuth, actions);
      long[] controlActions = new long[actions];
      Pattern opId = Pattern.compile("\"id\":\"([^\"]+)\"");
      for (int i = 0; i < actions; i++) {
        long t0 = System.nanoTime();
        Reply accepted = call("POST", base + "/api/server/" + serverId + "/restart", bearer);
        controlActions[i] = System.nanoTime() - t0;
        if (accepted.status() != 202) {
          throw new IllegalStateException("expected 202, got " + accepted);
        }
        Matcher m = opId.matcher(accepted.body());
        m.find();
        awaitEnd(base, bearer, m.group(1));
      }
      System.out.println(
          "machine: "
              + Runtime.getRuntime().availableProcessors()
              + " cores, JDK "
              + Runtime.version());
      report("read: simulator status/current", simReads);
      report("read: control GET /api/server/{id}", controlReads);
      report("action: simulator POST status/reboot", simActions);
      report("action: control POST /restart (to 202)", controlActions);
      System.out.printf(
          "added p50: read %d us, action %d us%n",
          (pct(controlReads, 50) - pct(simReads, 50)) / 1000,
          (pct(controlActions, 50) - pct(simActions, 50)) / 1000);
    } finally {
      control.destroy();
      control.waitFor();
      sim.close();
      try (var c =
              DriverManager.getConnection(
                  "jdbc:mariadb://" + host + ":" + port + "/", user, password);
          var s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS `" + db + "`");
      }
    }
  }

  /** One HTTP/1.1 keep-alive client on Reactor Netty; the JDK client stalls on the simulator. */
  private static final reactor.netty.http.client.HttpClient CLIENT =
      reactor.netty.http.client.HttpClient.create().keepAlive(true);

  private record Reply(int status, String body) {}

  private static Reply call(String method, String url, String authorization) {
    return CLIENT
        .headers(h -> h.set("Authorization", authorization))
        .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
        .uri(url)
        .responseSingle(
            (response, body) ->
                body.asString().defaultIfEmpty("").map(b -> new Reply(response.status().code(), b)))
        .block(Duration.ofSeconds(30));
  }

  private static int freePort() throws Exception {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitReady(String base) throws Exception {
    for (int i = 0; i < 1_200; i++) {
      try {
        if (call("GET", base + "/actuator/health/readiness", "").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the control service did not become ready");
  }

  private static String awaitServerId(String base, String bearer) throws Exception {
    Pattern id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    for (int i = 0; i < 200; i++) {
      Matcher m = id.matcher(call("GET", base + "/api/server/my-servers", bearer).body());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the demo server was not recorded");
  }

  private static void awaitEnd(String base, String bearer, String operationId) throws Exception {
    for (int i = 0; i < 2_000; i++) {
      String body = call("GET", base + "/api/operations/" + operationId, bearer).body();
      if (body.contains("\"succeeded\"") || body.contains("\"failed\"")) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("operation did not end");
  }

  private static long[] time(String method, String url, String authorization, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      Reply r = call(method, url, authorization);
      out[i] = System.nanoTime() - t0;
      if (r.status() != 200) {
        throw new IllegalStateException(url + " answered " + r);
      }
    }
    return out;
  }

  private static void report(String what, long[] nanos) {
    System.out.printf(
        "%-42s n=%d p50=%d us p90=%d us p99=%d us%n",
        what, nanos.length, pct(nanos, 50) / 1000, pct(nanos, 90) / 1000, pct(nanos, 99) / 1000);
  }

  private static long pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static String token(String id) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("id", Long.parseLong(id))
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .issueTime(new Date())
            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static String env(String key, String fallback) {
    String v = System.getenv(key);
    return v == null || v.isBlank() ? fallback : v;
  }
}
