package io.pvepanel.localsuite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a readiness URL until it answers 200 with status UP. */
public final class Readiness {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private Readiness() {}

  /** What waiting ended with. */
  public enum Outcome {
    READY,
    DIED,
    TIMED_OUT
  }

  /**
   * Waits until {@code url} answers 200 with {@code "UP"} in its body, the process is no longer
   * {@code alive}, or {@code timeout} has passed.
   */
  public static Outcome await(URI url, Duration timeout, Duration interval, BooleanSupplier alive)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
    while (true) {
      if (!alive.getAsBoolean()) {
        return Outcome.DIED;
      }
      try {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
          return Outcome.READY;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() >= deadline) {
        return alive.getAsBoolean() ? Outcome.TIMED_OUT : Outcome.DIED;
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
