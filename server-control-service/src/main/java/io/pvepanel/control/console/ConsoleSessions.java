package io.pvepanel.control.console;

import static io.pvepanel.runtime.time.Times.toDb;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.client.ConsoleTicket;
import io.pvepanel.proxmox.client.ConsoleWebSocketTarget;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.rsocket.ConsoleRedeemAnswer;
import io.pvepanel.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * One-time console sessions (design §6). The customer gets an unguessable id valid for a short
 * time; the gateway's relay redeems it exactly once and receives where and how to reach Proxmox's
 * {@code vncwebsocket} with the panel's own credentials. Customers never hold Proxmox credentials.
 */
@Service
public class ConsoleSessions {

  /** Proxmox's VNC proxy gives up ~10 s after vncproxy without a connection. */
  static final Duration VNC_WINDOW = Duration.ofSeconds(10);

  /** What the customer receives. {@code vncPassword} only for VMs (noVNC needs it). */
  public record Session(
      String sessionId, String console, String url, Instant expiresAt, String vncPassword) {}

  private final DatabaseClient db;
  private final ServerRepository servers;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final ControlProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ConsoleSessions(
      DatabaseClient db,
      ServerRepository servers,
      ObjectProvider<ProxmoxClusters> clusters,
      ControlProperties properties,
      Clock clock) {
    this.db = db;
    this.servers = servers;
    this.clusters = clusters;
    this.properties = properties;
    this.clock = clock;
  }

  public Mono<Session> open(String userId, Server server) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    boolean vm = GuestType.of(server.guestType()) == GuestType.QEMU;
    Mono<ConsoleTicket> vncTicket =
        vm
            ? Mono.defer(() -> clusters.getObject().client(server.cluster()).vncproxy(server.ref()))
            : Mono.empty();
    Instant expires = now.plus(vm ? VNC_WINDOW : properties.consoleSessionTtl());
    return vncTicket
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(
            ticket ->
                db.sql(
                        "INSERT INTO console_sessions (token_hash, server_id, user_id, console,"
                            + " pve_user, pve_ticket, pve_port, created_at, expires_at) VALUES"
                            + " (:hash, :server, :user, :console, :pveUser, :pveTicket, :pvePort,"
                            + " :now, :expires)")
                    .bind("hash", hash(sessionId))
                    .bind("server", server.id())
                    .bind("user", userId)
                    .bind("console", vm ? "novnc" : "xterm")
                    .bind(
                        "pveUser",
                        Parameter.fromOrEmpty(
                            ticket.map(ConsoleTicket::user).orElse(null), String.class))
                    .bind(
                        "pveTicket",
                        Parameter.fromOrEmpty(
                            ticket.map(ConsoleTicket::ticket).orElse(null), String.class))
                    .bind(
                        "pvePort",
                        Parameter.fromOrEmpty(
                            ticket.map(ConsoleTicket::port).orElse(null), Integer.class))
                    .bind("now", toDb(now))
                    .bind("expires", toDb(expires))
                    .then()
                    .thenReturn(
                        new Session(
                            sessionId,
                            vm ? "novnc" : "xterm",
                            "/ws/console/" + sessionId,
                            expires,
                            ticket.map(ConsoleTicket::vncPassword).orElse(null))));
  }

  /**
   * Marks the session used (atomically: a second redemption finds nothing) and resolves it to what
   * the relay receives ({@code console.redeem}).
   */
  public Mono<ConsoleRedeemAnswer> redeem(String sessionId) {
    if (sessionId == null || sessionId.length() > 100) {
      return Mono.error(notFound());
    }
    String hash = hash(sessionId);
    Instant now = clock.instant();
    return db.sql(
            "UPDATE console_sessions SET used_at = :now WHERE token_hash = :hash"
                + " AND used_at IS NULL AND expires_at > :now")
        .bind("now", toDb(now))
        .bind("hash", hash)
        .fetch()
        .rowsUpdated()
        .filter(n -> n == 1)
        .switchIfEmpty(Mono.error(notFound()))
        .then(
            db.sql(
                    "SELECT server_id, user_id, console, pve_user, pve_ticket, pve_port"
                        + " FROM console_sessions WHERE token_hash = :hash")
                .bind("hash", hash)
                .map(
                    r ->
                        new Stored(
                            r.get("server_id", String.class),
                            r.get("user_id", String.class),
                            r.get("console", String.class),
                            r.get("pve_user", String.class),
                            r.get("pve_ticket", String.class),
                            r.get("pve_port", Integer.class)))
                .one())
        .flatMap(
            stored ->
                // The stored VNC ticket has done its job once redeemed; it is not kept.
                db.sql(
                        "UPDATE console_sessions SET pve_ticket = NULL, pve_user = NULL"
                            + " WHERE token_hash = :hash")
                    .bind("hash", hash)
                    .then()
                    .thenReturn(stored))
        .flatMap(stored -> servers.findById(stored.serverId()).map(s -> resolve(stored, s)))
        .flatMap(m -> m)
        .switchIfEmpty(Mono.error(notFound()));
  }

  private Mono<ConsoleRedeemAnswer> resolve(Stored stored, Server server) {
    var client = clusters.getObject().client(server.cluster());
    Mono<ConsoleTicket> ticket =
        "xterm".equals(stored.console())
            ? client.termproxy(server.ref())
            : Mono.just(
                new ConsoleTicket(
                    stored.pveUser(), stored.pveTicket(), stored.pvePort(), null, null, null));
    return ticket.flatMap(
        t ->
            client
                .consoleWebSocket(server.ref(), t)
                .map(
                    (ConsoleWebSocketTarget target) ->
                        new ConsoleRedeemAnswer(
                            server.id(),
                            stored.userId(),
                            stored.console(),
                            target.uri().toString(),
                            target.headers(),
                            "xterm".equals(stored.console()) ? t.termproxyHandshake() : null,
                            client.trust().fingerprint(),
                            client.trust().caCertificates())));
  }

  /** Drops sessions that can no longer be redeemed. */
  public Mono<Long> purgeExpired() {
    return db.sql("DELETE FROM console_sessions WHERE expires_at < :before")
        .bind("before", toDb(clock.instant().minus(Duration.ofMinutes(5))))
        .fetch()
        .rowsUpdated();
  }

  private static NotFoundException notFound() {
    return new NotFoundException("Console session");
  }

  static String hash(String sessionId) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(sessionId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Stored(
      String serverId,
      String userId,
      String console,
      String pveUser,
      String pveTicket,
      Integer pvePort) {}
}
