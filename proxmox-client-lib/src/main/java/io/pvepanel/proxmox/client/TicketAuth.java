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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private static final Logger log = LoggerFactory.getLogger(TicketAuth.class);

  private final String cluster;
  private final String username;
  private final String password;
  private final Clock clock;
  private final BiFunction<String, String, Mono<TicketData>> login;
  private final Object lock = new Object();
  private volatile Ticket current;
  // Set once the login turned out to need TFA: every later call fails with it, no new login.
  private volatile ProxmoxConfigurationException misconfigured;
  private Mono<Ticket> inFlight;

  TicketAuth(
      String cluster,
      String username,
      String password,
      Clock clock,
      BiFunction<String, String, Mono<TicketData>> login) {
    this.cluster = cluster;
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
      String username,
      String ticket,
      @JsonProperty("CSRFPreventionToken") String csrf,
      // pve-access-control API2/AccessControl.pm create_ticket_do: set (1) with a half ticket
      // "PVE:!tfa!..." when the user has a second factor; that ticket opens nothing but the TFA
      // step.
      @JsonProperty("NeedTFA") Integer needTfa) {
    @Override
    public String toString() {
      return "TicketData[username=" + username + "]";
    }
  }

  Mono<Ticket> ticket() {
    return Mono.defer(
        () -> {
          if (misconfigured != null) {
            return Mono.error(misconfigured);
          }
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
    return call.flatMap(this::complete)
        .map(d -> new Ticket(d.ticket(), d.csrf(), clock.instant()))
        .doOnNext(t -> current = t)
        .doFinally(
            signal -> {
              synchronized (lock) {
                inFlight = null;
              }
            })
        .cache();
  }

  private Mono<TicketData> complete(TicketData d) {
    if (d.needTfa() == null || d.needTfa() == 0) {
      return Mono.just(d);
    }
    synchronized (lock) {
      if (misconfigured == null) {
        misconfigured =
            new ProxmoxConfigurationException(
                cluster,
                "user "
                    + username
                    + " has two-factor authentication (Proxmox answered NeedTFA): the panel"
                    + " cannot complete a second factor; use an API token, or a user without TFA,"
                    + " for cluster "
                    + cluster);
        log.error("{}", misconfigured.getMessage());
      }
      return Mono.error(misconfigured);
    }
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
