package io.pvepanel.control.console;

import static io.pvepanel.runtime.time.Times.toDb;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.proxmox.client.ConsoleTicket;
import io.pvepanel.proxmox.client.ConsoleWebSocketTarget;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.ProxmoxTrust;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.security.Digests;
import io.pvepanel.web.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * One-time console sessions (design §6). The customer gets an unguessable id valid for a short
 * time, bound to them; the gateway's relay redeems it exactly once for that same user ({@code
 * console.relay}), and this service then opens Proxmox' {@code vncwebsocket} with the panel's own
 * credentials ({@link ConsoleRelay}). Neither customers nor the gateway hold Proxmox credentials.
 */
@Service
public class ConsoleSessions {

  /** Proxmox's VNC proxy gives up ~10 s after vncproxy without a connection. */
  static final Duration VNC_WINDOW = Duration.ofSeconds(10);

  /** What the customer receives. {@code vncPassword} only for VMs (noVNC needs it). */
  public record Session(
      String sessionId, String console, String url, Instant expiresAt, String vncPassword) {}

  private final DatabaseClient db;
  private final ServerAccess access;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final ControlProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ConsoleSessions(
      DatabaseClient db,
      ServerAccess access,
      ObjectProvider<ProxmoxClusters> clusters,
      ControlProperties properties,
      Clock clock) {
    this.db = db;
    this.access = access;
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
                    .bind("hash", Digests.sha256Hex(sessionId))
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
   * Where the relay connects for one redeemed session: Proxmox' {@code vncwebsocket} with the
   * panel's headers, the termproxy line to send first (containers) and the cluster's trust. Never
   * leaves the control service.
   */
  record Target(
      String serverId,
      String ownerId,
      boolean xterm,
      ConsoleWebSocketTarget upstream,
      String handshake,
      ProxmoxTrust trust) {

    @Override
    public String toString() {
      return "Target[serverId=" + serverId + ", ownerId=" + ownerId + ", xterm=" + xterm + "]";
    }
  }

  /**
   * Marks the session used (atomically: a second redemption finds nothing) when it belongs to
   * {@code user} and the user may still see its server, and resolves it to the Proxmox console the
   * relay opens. Anything else (unknown, used, expired, another user's, a server gone or handed to
   * someone else): {@link NotFoundException}, and another user's attempt leaves the owner's session
   * usable.
   */
  Mono<Target> redeem(String sessionId, CurrentUser user) {
    if (sessionId == null || sessionId.length() > 100) {
      return Mono.error(notFound());
    }
    String hash = Digests.sha256Hex(sessionId);
    Instant now = clock.instant();
    return db.sql(
            "UPDATE console_sessions SET used_at = :now WHERE token_hash = :hash"
                + " AND user_id = :user AND used_at IS NULL AND expires_at > :now")
        .bind("now", toDb(now))
        .bind("hash", hash)
        .bind("user", user.id())
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
        // the owner is checked again now: a server deleted or handed over since is refused
        .flatMap(
            stored -> access.actionable(user, stored.serverId()).flatMap(s -> resolve(stored, s)))
        .switchIfEmpty(Mono.error(notFound()));
  }

  private Mono<Target> resolve(Stored stored, Server server) {
    var client = clusters.getObject().client(server.cluster());
    boolean xterm = "xterm".equals(stored.console());
    Mono<ConsoleTicket> ticket =
        xterm
            ? client.termproxy(server.ref())
            : Mono.just(
                new ConsoleTicket(
                    stored.pveUser(), stored.pveTicket(), stored.pvePort(), null, null, null));
    return ticket.flatMap(
        t ->
            client
                .consoleWebSocket(server.ref(), t)
                .map(
                    target ->
                        new Target(
                            server.id(),
                            server.ownerId(),
                            xterm,
                            target,
                            xterm ? t.termproxyHandshake() : null,
                            client.trust())));
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

  private record Stored(
      String serverId,
      String userId,
      String console,
      String pveUser,
      String pveTicket,
      Integer pvePort) {}
}
