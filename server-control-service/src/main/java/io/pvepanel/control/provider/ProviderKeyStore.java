package io.pvepanel.control.provider;

import static io.pvepanel.runtime.time.Times.fromDb;
import static io.pvepanel.runtime.time.Times.toDb;

import io.pvepanel.security.Digests;
import io.pvepanel.security.ProviderKeyVerifier;
import io.pvepanel.security.ProviderScope;
import io.r2dbc.spi.Readable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Provider keys in {@code provider_keys}. A key is {@code pvk_} and 32 random bytes in base64url;
 * only its SHA-256 is stored, so the table alone opens nothing.
 */
@Repository
class ProviderKeyStore {

  /** A key just made: its listing and its secret, shown once. */
  record Made(ProviderKey key, String secret) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "id, name, scopes, created_by, created_at, expires_at, revoked_at, last_used_at";

  private final DatabaseClient db;
  private final Clock clock;

  ProviderKeyStore(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  Mono<Made> create(String name, Set<ProviderScope> scopes, Instant expiresAt, String createdBy) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret =
        ProviderKeyVerifier.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant now = clock.instant();
    ProviderKey key =
        new ProviderKey(
            UUID.randomUUID().toString(), name, scopes, createdBy, now, expiresAt, null, null);
    return db.sql(
            "INSERT INTO provider_keys (id, name, secret_sha256, scopes, created_by, created_at,"
                + " expires_at) VALUES (:id, :name, :hash, :scopes, :by, :at, :expires)")
        .bind("id", key.id())
        .bind("name", name)
        .bind("hash", Digests.sha256Hex(secret))
        .bind("scopes", wire(scopes))
        .bind("by", createdBy)
        .bind("at", toDb(now))
        .bind(
            "expires",
            Parameter.fromOrEmpty(expiresAt == null ? null : toDb(expiresAt), LocalDateTime.class))
        .then()
        .thenReturn(new Made(key, secret));
  }

  Flux<ProviderKey> list() {
    return db.sql("SELECT " + COLUMNS + " FROM provider_keys ORDER BY created_at, id")
        .map(ProviderKeyStore::read)
        .all();
  }

  Mono<ProviderKey> find(String id) {
    return db.sql("SELECT " + COLUMNS + " FROM provider_keys WHERE id = :id")
        .bind("id", id)
        .map(ProviderKeyStore::read)
        .one();
  }

  /** Revokes a key; true when it was usable until now. */
  Mono<Boolean> revoke(String id) {
    return db.sql("UPDATE provider_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
        .bind("id", id)
        .bind("at", toDb(clock.instant()))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /** The key a secret belongs to, when it is usable now; its last use is recorded. */
  Mono<ProviderKey> verify(String secret) {
    Instant now = clock.instant();
    return db.sql("SELECT " + COLUMNS + " FROM provider_keys WHERE secret_sha256 = :hash")
        .bind("hash", Digests.sha256Hex(secret))
        .map(ProviderKeyStore::read)
        .one()
        .filter(k -> k.usable(now))
        .flatMap(
            k ->
                db.sql("UPDATE provider_keys SET last_used_at = :at WHERE id = :id")
                    .bind("id", k.id())
                    .bind("at", toDb(now))
                    .then()
                    .thenReturn(k));
  }

  private static ProviderKey read(Readable r) {
    return new ProviderKey(
        r.get("id", String.class),
        r.get("name", String.class),
        scopes(r.get("scopes", String.class)),
        r.get("created_by", String.class),
        fromDb(r.get("created_at", LocalDateTime.class)),
        instant(r.get("expires_at", LocalDateTime.class)),
        instant(r.get("revoked_at", LocalDateTime.class)),
        instant(r.get("last_used_at", LocalDateTime.class)));
  }

  private static Instant instant(LocalDateTime t) {
    return t == null ? null : fromDb(t);
  }

  static String wire(Set<ProviderScope> scopes) {
    return scopes.stream().map(ProviderScope::wire).sorted().collect(Collectors.joining(","));
  }

  static Set<ProviderScope> scopes(String wire) {
    Set<ProviderScope> set = EnumSet.noneOf(ProviderScope.class);
    Arrays.stream(wire.split(","))
        .filter(s -> !s.isBlank())
        .forEach(s -> set.add(ProviderScope.fromWire(s)));
    return set;
  }
}
