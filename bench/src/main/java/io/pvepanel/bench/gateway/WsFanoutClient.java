package io.pvepanel.bench.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The client side of {@link WsFanoutBench}, run as a child JVM so that the gateway's process only
 * holds the server ends of the sockets (one file descriptor each, not two) and its heap only the
 * gateway's share.
 *
 * <p>Talks to its parent in lines: it prints {@value #OPENED} once every socket has subscribed or
 * failed (or the wait gave up), waits for {@value #PUBLISHED} on stdin, then for the frames, and
 * prints {@value #RESULT}. Latency is the receipt time minus the epoch microseconds the parent put
 * in each frame's {@code t}: both processes read the same system clock. Stdin reaching end of file
 * means the parent is gone, and this process exits rather than keep thousands of sockets open.
 *
 * <p>{@code java ... WsFanoutClient <url> <token> <sockets> <updates> <updatesPerSecond>}
 */
final class WsFanoutClient {

  /**
   * {@code opened <subscribed> <millis to the last subscribed> <failed> <closed> <error frames>},
   * once every socket has settled or {@link #SUBSCRIBE_TIMEOUT_SECONDS} passed.
   */
  static final String OPENED = "fanout:opened";

  /**
   * {@code result <received> <expected> <p50 µs> <p99 µs> <max µs> <closed> <failed> <cpu ms>}, the
   * last being this process's CPU time from {@link #OPENED} on.
   */
  static final String RESULT = "fanout:result";

  static final String PUBLISHED = "fanout:published";

  static final long SUBSCRIBE_TIMEOUT_SECONDS = 120;

  /**
   * Sockets between connect and {@code subscribed}. A separate JVM opens sockets far faster than
   * the old in-process client did; unthrottled, on two busy cores, the gateway's accept queue
   * overflowed (connections reset) and sockets hit its 10 s authentication timeout.
   */
  static final int MAX_OPENING = 200;

  static final long DELIVERY_TIMEOUT_SECONDS = 60;

  private static final long UNSET = Long.MIN_VALUE;

  private static volatile boolean finished;

  private WsFanoutClient() {}

  public static void main(String[] args) throws Exception {
    // Without a configuration file logback logs DEBUG to stdout, which is the protocol channel.
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    String url = args[0];
    String token = args[1];
    int sockets = Integer.parseInt(args[2]);
    int updates = Integer.parseInt(args[3]);
    int rate = Integer.parseInt(args[4]);
    BlockingQueue<String> commands = readParent();

    int expected = Math.multiplyExact(sockets, updates);
    // a slot stays UNSET if the wait ends between a frame claiming it and writing it
    AtomicLongArray latencies = new AtomicLongArray(expected);
    for (int i = 0; i < expected; i++) {
      latencies.set(i, UNSET);
    }
    AtomicInteger received = new AtomicInteger();
    // replaced once the sockets are open, before the parent may publish: only subscribed sockets
    // get frames, and waiting for the others' would always run into the timeout
    AtomicReference<CountDownLatch> frames = new AtomicReference<>(new CountDownLatch(0));
    CountDownLatch subscribed = new CountDownLatch(sockets);
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger errorFrames = new AtomicInteger();
    Semaphore opening = new Semaphore(MAX_OPENING);
    // every socket settles once: subscribed, refused with an error frame, closed or failed
    CountDownLatch settledAll = new CountDownLatch(sockets);
    String auth = "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
    String subscribe = "{\"type\":\"subscribe:server\",\"serverId\":\"101\"}";
    HttpClient client =
        HttpClient.create(ConnectionProvider.newConnection())
            .runOn(LoopResources.create("bench-client", 2, true));
    long openStart = System.nanoTime();
    long openDeadline = openStart + TimeUnit.SECONDS.toNanos(SUBSCRIBE_TIMEOUT_SECONDS);
    AtomicLong lastSubscribed = new AtomicLong(openStart);
    for (int i = 0; i < sockets; i++) {
      if (!opening.tryAcquire(openDeadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        System.err.printf("WsFanoutClient: gave up opening after %d sockets%n", i);
        break;
      }
      AtomicBoolean settled = new AtomicBoolean();
      Runnable settle =
          () -> {
            if (settled.compareAndSet(false, true)) {
              opening.release();
              settledAll.countDown();
            }
          };
      client
          .websocket()
          .uri(url)
          .handle(
              (in, out) ->
                  out.sendString(Flux.just(auth, subscribe).concatWith(Mono.never()))
                      .then()
                      .and(
                          in.receiveFrames()
                              .ofType(TextWebSocketFrame.class)
                              .doOnNext(
                                  f -> {
                                    String text = f.text();
                                    if (text.startsWith("{\"t\":")) {
                                      long sent =
                                          Long.parseLong(text.substring(5, text.indexOf(',')));
                                      long latency = epochMicros() - sent;
                                      int idx = received.getAndIncrement();
                                      if (idx < expected) {
                                        latencies.set(idx, latency);
                                        frames.get().countDown();
                                      }
                                    } else if (text.startsWith("{\"type\":\"subscribed\"")) {
                                      subscribed.countDown();
                                      lastSubscribed.accumulateAndGet(System.nanoTime(), Math::max);
                                      settle.run();
                                    } else if (text.startsWith("{\"type\":\"error\"")) {
                                      if (errorFrames.incrementAndGet() <= 5) {
                                        System.err.println("WsFanoutClient: " + text);
                                      }
                                      settle.run();
                                    }
                                  })
                              .doOnComplete(closed::incrementAndGet)
                              .doFinally(s -> settle.run())
                              .then()))
          .subscribe(
              null,
              e -> {
                failed.incrementAndGet();
                settle.run();
              });
    }
    settledAll.await(openDeadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    long openMillis = (lastSubscribed.get() - openStart) / 1_000_000;
    int subscribedCount = (int) (sockets - subscribed.getCount());
    frames.set(new CountDownLatch(subscribedCount * updates));
    long cpuAtOpened = cpuMillis();
    reply(OPENED, subscribedCount, openMillis, failed.get(), closed.get(), errorFrames.get());

    long publishSeconds = (long) Math.ceil((double) updates / rate);
    String command = commands.poll(publishSeconds + 120, TimeUnit.SECONDS);
    if (!PUBLISHED.equals(command)) {
      System.err.println("WsFanoutClient: no " + PUBLISHED + " from the parent; giving up");
      System.exit(3);
    }
    frames.get().await(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long[] sorted =
        IntStream.range(0, Math.min(received.get(), expected))
            .mapToLong(latencies::get)
            .filter(v -> v != UNSET)
            .sorted()
            .toArray();
    int n = sorted.length;
    reply(
        RESULT,
        received.get(),
        expected,
        pct(sorted, 0.50),
        pct(sorted, 0.99),
        n == 0 ? 0 : sorted[n - 1],
        closed.get(),
        failed.get(),
        cpuMillis() - cpuAtOpened);
    finished = true;
    System.exit(0);
  }

  static long epochMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** CPU time of this process so far, all threads. */
  static long cpuMillis() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(java.time.Duration::toMillis)
        .orElse(-1L);
  }

  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private static void reply(String type, Object... values) {
    StringBuilder line = new StringBuilder(type);
    for (Object v : values) {
      line.append(' ').append(v);
    }
    System.out.println(line);
    System.out.flush();
  }

  /** Parent's lines; end of file (the parent exited or was killed) ends this process. */
  private static BlockingQueue<String> readParent() {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // same as end of file: the parent can no longer be heard
              }
              if (!finished) {
                Runtime.getRuntime().halt(4);
              }
            },
            "parent-stdin");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
