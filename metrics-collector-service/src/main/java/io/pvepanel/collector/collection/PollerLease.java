package io.pvepanel.collector.collection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.runtime.time.Times;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which collector instance polls Proxmox: the holder of a lease row in the collector's database.
 * Several instances may run (two replicas for availability); the holder renews the lease every
 * cycle, the others stand by and take it once it has gone {@code lease-ttl} without renewal, or at
 * once when the holder stops cleanly and releases it. So each cluster is polled once per cycle,
 * whatever the number of instances.
 *
 * <p>When the database cannot be asked, the answer stays as it was: a holder keeps polling (no one
 * else can take the lease while the database is away from everyone) and a standby keeps standing
 * by. Only a partition that cuts the holder, but not a standby, off the database makes both poll
 * for a while; the samples are then published twice, which consumers tolerate.
 */
@Component
public class PollerLease {

  static final String NAME = "proxmox-poller";

  private static final Logger log = LoggerFactory.getLogger(PollerLease.class);

  private final DatabaseClient db;
  private final Clock clock;
  private final Duration ttl;
  private final String holderId;
  private volatile boolean held;

  PollerLease(DatabaseClient db, Clock clock, CollectorProperties props, MeterRegistry meters) {
    this.db = db;
    this.clock = clock;
    this.ttl = props.leaseTtl();
    this.holderId = host() + "/" + UUID.randomUUID();
    Gauge.builder("collector.poller.lease.held", this, l -> l.held ? 1 : 0)
        .description("1 while this instance holds the polling lease and polls Proxmox")
        .register(meters);
  }

  /** Whether this instance held the lease at its last renewal. */
  public boolean held() {
    return held;
  }

  /** Takes the lease if it is free or expired, renews it if held; emits whether it is held. */
  Mono<Boolean> acquire() {
    Instant now = clock.instant();
    return db.sql(
            "INSERT INTO poller_lease (name, holder, expires_at) VALUES (:name, :me, :until)"
                + " ON DUPLICATE KEY UPDATE"
                + " holder = IF(holder = :me OR expires_at < :now, :me, holder),"
                + " expires_at = IF(holder = :me OR expires_at < :now, :until, expires_at)")
        .bind("name", NAME)
        .bind("me", holderId)
        .bind("until", Times.toDb(now.plus(ttl)))
        .bind("now", Times.toDb(now))
        .then()
        .then(
            db.sql("SELECT holder FROM poller_lease WHERE name = :name")
                .bind("name", NAME)
                .map(row -> row.get("holder", String.class))
                .one())
        .map(holderId::equals)
        .doOnNext(this::changeTo)
        .onErrorResume(
            e -> {
              log.warn(
                  "Polling lease not renewed ({}); {} as before",
                  e.toString(),
                  held ? "polling" : "standing by");
              return Mono.just(held);
            });
  }

  /** Gives the lease up, so a standby takes over at its next cycle rather than after the TTL. */
  Mono<Void> release() {
    if (!held) {
      return Mono.empty();
    }
    held = false;
    return db.sql("UPDATE poller_lease SET expires_at = :past WHERE name = :name AND holder = :me")
        .bind("past", Times.toDb(Instant.EPOCH))
        .bind("name", NAME)
        .bind("me", holderId)
        .then()
        .onErrorResume(
            e -> {
              log.warn("Polling lease not released; it expires by itself: {}", e.toString());
              return Mono.empty();
            });
  }

  private void changeTo(boolean nowHeld) {
    if (nowHeld != held) {
      log.info(
          nowHeld
              ? "Polling lease taken ({}): this instance polls Proxmox"
              : "Polling lease lost ({}): standing by",
          holderId);
    }
    held = nowHeld;
  }

  private static String host() {
    String pod = System.getenv("HOSTNAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "collector";
    }
  }
}
