package io.pvepanel.alerting.ownership;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who owns which server, learnt from the {@code ownerId} of samples and from {@code
 * server.inventory}. Kept in the {@code server_owner} table (shared by all instances, each of which
 * sees only its partitions) with a small in-memory cache so an unchanged owner costs no write.
 */
@Component
public class ServerDirectory {

  /**
   * What is known about a server.
   *
   * @param suspended whether the provider suspended it: its samples raise no alerts meanwhile
   */
  public record ServerInfo(
      String serverId, String ownerId, String ownerEmail, String name, boolean suspended) {

    public ServerInfo(String serverId, String ownerId, String ownerEmail, String name) {
      this(serverId, ownerId, ownerEmail, name, false);
    }
  }

  private final DatabaseClient db;
  private final Clock clock;
  private final Map<String, ServerInfo> cache = new ConcurrentHashMap<>();

  ServerDirectory(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Records the owner a sample names; writes only when it differs from what is known. */
  public Mono<Void> rememberOwner(String serverId, String ownerId) {
    if (serverId == null || ownerId == null) {
      return Mono.empty();
    }
    ServerInfo known = cache.get(serverId);
    if (known != null && ownerId.equals(known.ownerId())) {
      return Mono.empty();
    }
    return db.sql(
            "INSERT INTO server_owner (server_id, owner_id, updated_at) VALUES (:s, :o, :t)"
                + " ON DUPLICATE KEY UPDATE"
                + " owner_email = IF(owner_id = VALUES(owner_id), owner_email, NULL),"
                + " server_name = IF(owner_id = VALUES(owner_id), server_name, NULL),"
                + " owner_id = VALUES(owner_id), updated_at = VALUES(updated_at)")
        .bind("s", serverId)
        .bind("o", ownerId)
        .bind("t", clock.millis())
        .then()
        .then(Mono.fromRunnable(() -> cache.remove(serverId)))
        .then(find(serverId))
        .then();
  }

  /** Records a full inventory record (owner, e-mail, name). */
  public Mono<Void> remember(ServerInfo info) {
    Objects.requireNonNull(info.ownerId(), "ownerId");
    return db.sql(
            "INSERT INTO server_owner (server_id, owner_id, owner_email, server_name, suspended,"
                + " updated_at) VALUES (:s, :o, :e, :n, :susp, :t) ON DUPLICATE KEY UPDATE"
                + " owner_id = VALUES(owner_id), owner_email = VALUES(owner_email),"
                + " server_name = VALUES(server_name), suspended = VALUES(suspended),"
                + " updated_at = VALUES(updated_at)")
        .bind("s", info.serverId())
        .bind("o", info.ownerId())
        .bind("e", nullable(info.ownerEmail()))
        .bind("n", nullable(info.name()))
        .bind("susp", info.suspended())
        .bind("t", clock.millis())
        .then()
        .doOnSuccess(v -> cache.put(info.serverId(), info));
  }

  /** Whether the provider suspended the server; false for an unknown one. */
  public Mono<Boolean> suspended(String serverId) {
    return find(serverId).map(ServerInfo::suspended).defaultIfEmpty(false);
  }

  /** Forgets a deleted server. */
  public Mono<Void> forget(String serverId) {
    return db.sql("DELETE FROM server_owner WHERE server_id = :s")
        .bind("s", serverId)
        .then()
        .doOnSuccess(v -> cache.remove(serverId));
  }

  /** What is known about a server; empty when it is unknown. */
  public Mono<ServerInfo> find(String serverId) {
    ServerInfo cached = cache.get(serverId);
    if (cached != null) {
      return Mono.just(cached);
    }
    return db.sql(
            "SELECT server_id, owner_id, owner_email, server_name, suspended FROM server_owner"
                + " WHERE server_id = :s")
        .bind("s", serverId)
        .map(
            row ->
                new ServerInfo(
                    row.get("server_id", String.class),
                    row.get("owner_id", String.class),
                    row.get("owner_email", String.class),
                    row.get("server_name", String.class),
                    Boolean.TRUE.equals(row.get("suspended", Boolean.class))))
        .one()
        .doOnNext(info -> cache.put(serverId, info));
  }

  private static org.springframework.r2dbc.core.Parameter nullable(String value) {
    return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, String.class);
  }
}
