package io.pvepanel.bench.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * WebSocket fan-out of the live channel: starts a gateway in-process (HS256, Kafka consumption off,
 * an RSocket responder that allows every subscription), opens N sockets that authenticate and
 * subscribe to one server, then publishes updates through the gateway's {@link LiveHub} (exactly
 * what the Kafka listener does per record) and measures, per delivered frame, the latency from
 * publish to receipt by the client. Also reports heap growth per open socket (gateway and client
 * sides together, as both run in this JVM: an upper bound for the gateway alone).
 *
 * <p>{@code java ... WsFanoutBench <sockets> <updates> <updatesPerSecond>}
 */
public final class WsFanoutBench {

  static final String SECRET = "bench-only-secret-0123456789abcdef-0123456789";

  private WsFanoutBench() {}

  public static void main(String[] args) throws Exception {
    int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int updates = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    CloseableChannel rsocket =
        RSocketServer.create(
                SocketAcceptor.forRequestResponse(
                    p -> {
                      p.release();
                      return Mono.just(DefaultPayload.create("{\"allowed\":true}"));
                    }))
            .bind(WebsocketServerTransport.create("127.0.0.1", 0))
            .block(Duration.ofSeconds(10));
    ConfigurableApplicationContext gateway =
        new SpringApplicationBuilder(GatewayApplication.class)
            .run(
                "--server.port=0",
                "--pvepanel.security.jwt.secret=" + SECRET,
                "--pvepanel.gateway.live.consume=false",
                "--pvepanel.gateway.rate-limits.general.capacity=1000000",
                "--pvepanel.gateway.rate-limits.general.refill-period=1s",
                "--pvepanel.gateway.backends.control-rsocket=ws://127.0.0.1:"
                    + rsocket.address().getPort()
                    + "/rsocket",
                "--logging.level.root=WARN");
    int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    LiveHub hub = gateway.getBean(LiveHub.class);
    String token = token();
    String url = "ws://127.0.0.1:" + port + "/ws";

    long heapBefore = usedHeapAfterGc();
    AtomicLongArray latencies = new AtomicLongArray(sockets * updates);
    AtomicInteger received = new AtomicInteger();
    CountDownLatch subscribed = new CountDownLatch(sockets);
    HttpClient client =
        HttpClient.create(ConnectionProvider.newConnection())
            .runOn(LoopResources.create("bench-client", 2, true));
    List<Disposable> connections = new ArrayList<>(sockets);
    long openStart = System.nanoTime();
    for (int i = 0; i < sockets; i++) {
      connections.add(
          client
              .websocket()
              .uri(url)
              .handle(
                  (in, out) ->
                      out.sendString(
                              Flux.just(
                                      "{\"type\":\"auth\",\"token\":\"" + token + "\"}",
                                      "{\"type\":\"subscribe:server\",\"serverId\":\"101\"}")
                                  .concatWith(Mono.never()))
                          .then()
                          .and(
                              in.receiveFrames()
                                  .ofType(TextWebSocketFrame.class)
                                  .doOnNext(
                                      f -> {
                                        String text = f.text();
                                        if (text.startsWith("{\"type\":\"subscribed\"")) {
                                          subscribed.countDown();
                                        } else if (text.startsWith("{\"t\":")) {
                                          long sent =
                                              Long.parseLong(text.substring(5, text.indexOf(',')));
                                          int idx = received.getAndIncrement();
                                          if (idx < latencies.length()) {
                                            latencies.set(idx, System.nanoTime() - sent);
                                          }
                                        }
                                      })
                                  .then()))
              .subscribe(null, e -> {}));
      if (i % 500 == 499) {
        // let the accept queue drain
        Thread.sleep(20);
      }
    }
    if (!subscribed.await(120, TimeUnit.SECONDS)) {
      System.out.printf(
          "only %d of %d sockets subscribed%n", sockets - subscribed.getCount(), sockets);
    }
    long openMillis = (System.nanoTime() - openStart) / 1_000_000;
    long heapOpen = usedHeapAfterGc();
    System.out.printf(
        "sockets=%d open+auth+subscribe in %d ms; watchers=%d; heap growth %.1f KiB/socket"
            + " (gateway+client)%n",
        sockets, openMillis, hub.watcherCount("101"), (heapOpen - heapBefore) / 1024.0 / sockets);

    long intervalNanos = 1_000_000_000L / rate;
    String pad = "\"status\":\"running\",\"usage\":{\"cpuPercent\":12.5,\"memoryPercent\":40.1}";
    long start = System.nanoTime();
    for (int u = 0; u < updates; u++) {
      long due = start + u * intervalNanos;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      hub.publish("101", "{\"t\":" + System.nanoTime() + ",\"serverId\":\"101\"," + pad + "}");
    }
    long expected = (long) sockets * updates;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    int n = Math.min(received.get(), latencies.length());
    long[] sorted = new long[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = latencies.get(i);
    }
    Arrays.sort(sorted);
    System.out.printf(
        "updates=%d at %d/s -> delivered %d of %d frames; latency p50=%.2f ms p99=%.2f ms max=%.2f"
            + " ms%n",
        updates,
        rate,
        n,
        expected,
        pct(sorted, 0.50),
        pct(sorted, 0.99),
        n == 0 ? 0 : sorted[n - 1] / 1e6);
    connections.forEach(Disposable::dispose);
    gateway.close();
    rsocket.dispose();
    System.exit(0);
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
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
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
