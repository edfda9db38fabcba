package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * Ticket (cookie) auth. A ticket lives 2 h; it is renewed after {@link #RENEW_AFTER} by posting the
 * current ticket as password, and replaced by a fresh login once it may have expired. All
 * concurrent callers that find the ticket due share one in-flight login.
 */
final class TicketAuth implements Auth {
  static final Duration RENEW_AFTER = Duration.ofMinutes(60);
  // Margin below the 2 h lifetime for clock skew between us and the node.
  static final Duration USABLE_FOR = Duration.ofMinutes(115);

  private final String username;
  private final String password;
  private final Clock clock;
  private final BiFunction<String, String, Mono<TicketData>> login;
  private final Object lock = new Object();
  private volatile Ticket current;
  private Mono<Ticket> inFlight;

  TicketAuth(
      String username,
      String password,
      Clock clock,
      BiFunction<String, String, Mono<TicketData>> login) {
    this.username = username;
    this.password = password;
    this.clock = clock;
    this.login = login;
  }

  record Ticket(String ticket, String csrf, Instant obtainedAt) {
    @Override
    public String toString() {
      return "Ticket[obtainedAt=" + obtainedAt + "]";
    }
  }

  /** Answer of {@code POST /access/ticket}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record TicketData(
      String username, String ticket, @JsonProperty("CSRFPreventionToken") String csrf) {
    @Override
    public String toString() {
      return "TicketData[username=" + username + "]";
    }
  }

  Mono<Ticket> ticket() {
    return Mono.defer(
        () -> {
          Ticket t = current;
          Instant now = clock.instant();
          if (t != null && now.isBefore(t.obtainedAt().plus(RENEW_AFTER))) {
            return Mono.just(t);
          }
          synchronized (lock) {
            if (inFlight == null) {
              inFlight = obtain(t, now);
            }
            return inFlight;
          }
        });
  }

  private Mono<Ticket> obtain(Ticket previous, Instant now) {
    boolean renewal = previous != null && now.isBefore(previous.obtainedAt().plus(USABLE_FOR));
    Mono<TicketData> call =
        renewal
            ? login
                .apply(username, previous.ticket())
                // A rejected renewal (e.g. key rotation) falls back to the password.
                .onErrorResume(
                    ProxmoxApiException.Unauthorized.class, e -> login.apply(username, password))
            : login.apply(username, password);
    return call.map(d -> new Ticket(d.ticket(), d.csrf(), clock.instant()))
        .doOnNext(t -> current = t)
        .doFinally(
            signal -> {
              synchronized (lock) {
                inFlight = null;
              }
            })
        .cache();
  }

  @Override
  public Mono<Map<String, String>> headers(HttpMethod method) {
    return ticket().map(t -> headersFor(t, method));
  }

  static Map<String, String> headersFor(Ticket t, HttpMethod method) {
    // Percent-encoded: pveproxy unescapes the value, and a raw '+' from the base64 signature
    // would be read as a space by form-style decoders on the way (seen in proxies and the sim).
    String cookie = "PVEAuthCookie=" + URLEncoder.encode(t.ticket(), StandardCharsets.UTF_8);
    if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
      return Map.of("Cookie", cookie);
    }
    return Map.of("Cookie", cookie, "CSRFPreventionToken", t.csrf());
  }

  @Override
  public void unauthorized() {
    current = null;
  }

  @Override
  public String toString() {
    return "TicketAuth[" + username + "]";
  }
}
