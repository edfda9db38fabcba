package io.pvepanel.localsuite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadinessTests {

  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int readyAfter = 3;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/actuator/health/readiness",
        ex -> {
          boolean up = calls.incrementAndGet() >= readyAfter;
          byte[] body =
              (up ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(up ? 200 : 503, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/health/readiness");
  }

  @Test
  void waitsUntilUp() throws Exception {
    assertThat(Readiness.await(url(), Duration.ofSeconds(5), Duration.ofMillis(10), () -> true))
        .isEqualTo(Readiness.Outcome.READY);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void timesOutWhileOutOfService() throws Exception {
    readyAfter = Integer.MAX_VALUE;
    assertThat(Readiness.await(url(), Duration.ofMillis(200), Duration.ofMillis(20), () -> true))
        .isEqualTo(Readiness.Outcome.TIMED_OUT);
    assertThat(calls.get()).isGreaterThan(1);
  }

  @Test
  void stopsWhenTheProcessDied() throws Exception {
    assertThat(Readiness.await(url(), Duration.ofSeconds(5), Duration.ofMillis(10), () -> false))
        .isEqualTo(Readiness.Outcome.DIED);
  }

  @Test
  void nothingListeningIsNotReady() throws Exception {
    URI closed = URI.create("http://127.0.0.1:" + LocalDatabase.freePort() + "/x");
    assertThat(Readiness.await(closed, Duration.ofMillis(300), Duration.ofMillis(50), () -> true))
        .isEqualTo(Readiness.Outcome.TIMED_OUT);
  }
}
