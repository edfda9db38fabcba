package io.pvepanel.bench.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pvepanel.gateway.GatewayApplication;
import io.pvepanel.gateway.live.LiveHub;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import io.rsocket.util.DefaultPayload;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;

/**
 * WebSocket fan-out of the live channel: starts a gateway in-process (HS256, Kafka consumption off,
 * an RSocket responder that allows every subscription), has a child JVM ({@link WsFanoutClient})
 * open N sockets that authenticate and subscribe to one server, then publishes updates through the
 * gateway's {@link LiveHub} (exactly what the Kafka listener does per record) and reports, per
 * delivered frame, the latency from publish to receipt by the client, and the gateway's heap growth
 * per open socket.
 *
 * <p>The client sockets live in another process so that neither JVM needs more than one file
 * descriptor per socket, and so that the heap measured here is the gateway's alone. Each update
 * carries its publish time in epoch microseconds; the child subtracts it from its own reading of
 * the same system clock.
 *
 * <p>{@code java ... WsFanoutBench <sockets> <updates> <updatesPerSecond>}; JVM options of the
 * client process come from {@code CLIENT_JAVA_OPTS} (default {@code -Xmx1g}).
 */
public final class WsFanoutBench {

  static final String SECRET = "bench-only-secret-0123456789abcdef-0123456789";
  static final String ISSUER = "https://bench.example";
  static final String AUDIENCE = "pvepanel";

  private WsFanoutBench() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(args);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // the gateway's context leaves non-daemon threads behind
    System.exit(status);
  }

  static int run(String[] args) throws Exception {
    int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int updates = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    if (sockets < 1 || updates < 1 || rate < 1) {
      System.err.println("usage: WsFanoutBench [sockets>0] [updates>0] [updatesPerSecond>0]");
      return 2;
    }

    CloseableChannel rsocket =
        RSocketServer.create(
                SocketAcceptor.forRequestResponse(
                    p -> {
                      p.release();
                      return Mono.just(DefaultPayload.create("{\"allowed\":true}"));
                    }))
            .bind(WebsocketServerTransport.create("127.0.0.1", 0))
            .block(Duration.ofSeconds(10));
    ConfigurableApplicationContext gateway = null;
    try {
      // The shaded jar carries another service's application.yml (with its database URL) and
      // every service's migrations and auto-configurations. The gateway has no database: without
      // these exclusions it would run Flyway and the outbox relay against that service's schema.
      gateway =
          new SpringApplicationBuilder(GatewayApplication.class)
              .run(
                  "--spring.application.name=gateway-service",
                  "--spring.autoconfigure.exclude="
                      + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
                      + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration,"
                      + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                      + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                  "--server.port=0",
                  "--management.server.port=0",
                  "--pvepanel.security.jwt.secret=" + SECRET,
                  "--pvepanel.security.jwt.issuer=" + ISSUER,
                  "--pvepanel.security.jwt.audience=" + AUDIENCE,
                  "--pvepanel.rsocket.service-token=bench-only-service-token-0123456789abcdef",
                  "--pvepanel.gateway.live.consume=false",
                  "--pvepanel.gateway.rate-limits.general.capacity=1000000",
                  "--pvepanel.gateway.rate-limits.general.refill-period=1s",
                  "--pvepanel.gateway.backends.control-rsocket=ws://127.0.0.1:"
                      + rsocket.address().getPort()
                      + "/rsocket",
                  "--logging.level.root=WARN");
      return measure(gateway, sockets, updates, rate);
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      rsocket.dispose();
    }
  }

  private static int measure(
      ConfigurableApplicationContext gateway, int sockets, int updates, int rate) throws Exception {
    int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    LiveHub hub = gateway.getBean(LiveHub.class);
    String url = "ws://127.0.0.1:" + port + "/ws";

    long heapBefore = usedHeapAfterGc();
    try (WsFanoutClientProcess client =
        WsFanoutClientProcess.start(
            clientJvmOptions(),
            List.of(
                url,
                token(),
                Integer.toString(sockets),
                Integer.toString(updates),
                Integer.toString(rate)))) {
      // the child gives up on subscriptions by itself; the margin covers its JVM start
      String openedLine =
          client.await(
              WsFanoutClient.OPENED,
              Duration.ofSeconds(WsFanoutClient.SUBSCRIBE_TIMEOUT_SECONDS + 60));
      if (openedLine == null) {
        System.out.println("the client process did not report its sockets open; see above");
        return 1;
      }
      long[] opened = numbers(openedLine);
      long heapOpen = usedHeapAfterGc();
      System.out.printf(
          "sockets=%d subscribed=%d, the last %d ms after the first connect (client JVM; at"
              + " most %d opening at once); client saw: %d errors, %d closed, %d error frames%n",
          sockets,
          opened[0],
          opened[1],
          WsFanoutClient.MAX_OPENING,
          opened[2],
          opened[3],
          opened[4]);
      System.out.printf(
          "gateway: connections=%d watchers=%d; heap growth %.1f MiB = %.1f KiB/socket%n",
          hub.connectionCount(),
          hub.watcherCount("101"),
          (heapOpen - heapBefore) / 1024.0 / 1024.0,
          (heapOpen - heapBefore) / 1024.0 / sockets);

      long intervalNanos = 1_000_000_000L / rate;
      String pad = "\"status\":\"running\",\"usage\":{\"cpuPercent\":12.5,\"memoryPercent\":40.1}";
      long cpuBefore = WsFanoutClient.cpuMillis();
      long start = System.nanoTime();
      for (int u = 0; u < updates; u++) {
        long due = start + u * intervalNanos;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        hub.publish(
            "101", "{\"t\":" + WsFanoutClient.epochMicros() + ",\"serverId\":\"101\"," + pad + "}");
      }
      client.send(WsFanoutClient.PUBLISHED);

      String resultLine =
          client.await(
              WsFanoutClient.RESULT,
              Duration.ofSeconds(WsFanoutClient.DELIVERY_TIMEOUT_SECONDS + 30));
      if (resultLine == null) {
        System.out.println("the client process did not report its frames; see above");
        return 1;
      }
      long[] result = numbers(resultLine);
      long cpu = WsFanoutClient.cpuMillis() - cpuBefore;
      Counter dropped =
          gateway
              .getBean(MeterRegistry.class)
              .find("pvepanel.gateway.ws.slow.consumers.dropped")
              .counter();
      System.out.printf(
          "updates=%d at %d/s -> delivered %d of %d frames; latency p50=%.2f ms p99=%.2f ms"
              + " max=%.2f ms; sockets closed by the gateway=%d (slow-consumer drops=%.0f),"
              + " client errors=%d%n"
              + "CPU time from the first update to the last frame: gateway JVM %d ms, client JVM %d"
              + " ms%n",
          updates,
          rate,
          result[0],
          result[1],
          result[2] / 1e3,
          result[3] / 1e3,
          result[4] / 1e3,
          result[5],
          dropped == null ? 0 : dropped.count(),
          result[6],
          cpu,
          result[7]);
      return 0;
    }
  }

  /** The numbers after a reply's type. */
  private static long[] numbers(String line) {
    String[] parts = line.trim().split(" ");
    long[] values = new long[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      values[i - 1] = Long.parseLong(parts[i]);
    }
    return values;
  }

  private static List<String> clientJvmOptions() {
    String options = System.getenv("CLIENT_JAVA_OPTS");
    if (options == null || options.isBlank()) {
      options = "-Xmx1g";
    }
    return List.of(options.trim().split("\\s+"));
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  static String token() throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .claim("id", 1)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
