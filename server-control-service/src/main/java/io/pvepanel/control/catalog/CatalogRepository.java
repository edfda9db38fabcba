package io.pvepanel.control.catalog;

import static io.pvepanel.runtime.time.Times.toDb;

import java.time.Clock;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Plans and templates. Upserts keep the created time; retiring is {@code active = false}. */
@Repository
public class CatalogRepository {

  private final DatabaseClient db;
  private final Clock clock;

  CatalogRepository(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Flux<Plan> plans(boolean includeRetired) {
    return db.sql(
            "SELECT * FROM plans"
                + (includeRetired ? "" : " WHERE active = TRUE")
                + " ORDER BY memory_mib, id")
        .map(
            r ->
                new Plan(
                    r.get("id", String.class),
                    r.get("name", String.class),
                    r.get("cores", Integer.class),
                    r.get("memory_mib", Integer.class),
                    r.get("swap_mib", Integer.class),
                    r.get("disk_gib", Integer.class),
                    r.get("snapshot_quota", Integer.class),
                    Boolean.TRUE.equals(r.get("disk_from_agent", Boolean.class)),
                    Boolean.TRUE.equals(r.get("active", Boolean.class))))
        .all();
  }

  public Mono<Plan> plan(String id) {
    return plans(true).filter(p -> p.id().equals(id)).next();
  }

  /**
   * Whether a server of {@code planId} reads its disk usage through the guest agent; false for no
   * plan or one that no longer exists.
   */
  public Mono<Boolean> diskFromAgent(String planId) {
    return planId == null
        ? Mono.just(false)
        : plan(planId).map(Plan::diskFromAgent).defaultIfEmpty(false);
  }

  public Flux<Template> templates(boolean includeRetired) {
    return db.sql(
            "SELECT * FROM templates"
                + (includeRetired ? "" : " WHERE active = TRUE")
                + " ORDER BY name, id")
        .map(
            r ->
                new Template(
                    r.get("id", String.class),
                    r.get("name", String.class),
                    r.get("os_type", String.class),
                    r.get("volume_id", String.class),
                    Boolean.TRUE.equals(r.get("active", Boolean.class))))
        .all();
  }

  public Mono<Template> template(String id) {
    return templates(true).filter(t -> t.id().equals(id)).next();
  }

  public Mono<Void> save(Plan p) {
    var now = toDb(clock.instant());
    return db.sql(
            "INSERT INTO plans (id, name, cores, memory_mib, swap_mib, disk_gib, snapshot_quota,"
                + " disk_from_agent, active, created_at, updated_at) VALUES (:id, :name, :cores,"
                + " :memory, :swap, :disk, :quota, :agent, :active, :now, :now)"
                + " ON DUPLICATE KEY UPDATE name = VALUES(name), cores = VALUES(cores),"
                + " memory_mib = VALUES(memory_mib), swap_mib = VALUES(swap_mib),"
                + " disk_gib = VALUES(disk_gib), snapshot_quota = VALUES(snapshot_quota),"
                + " disk_from_agent = VALUES(disk_from_agent), active = VALUES(active),"
                + " updated_at = VALUES(updated_at)")
        .bind("id", p.id())
        .bind("name", p.name())
        .bind("cores", p.cores())
        .bind("memory", p.memoryMib())
        .bind("swap", p.swapMib())
        .bind("disk", p.diskGib())
        .bind("quota", p.snapshotQuota())
        .bind("agent", p.diskFromAgent())
        .bind("active", p.active())
        .bind("now", now)
        .then();
  }

  public Mono<Void> save(Template t) {
    var now = toDb(clock.instant());
    return db.sql(
            "INSERT INTO templates (id, name, os_type, volume_id, active, created_at, updated_at)"
                + " VALUES (:id, :name, :os, :volume, :active, :now, :now)"
                + " ON DUPLICATE KEY UPDATE name = VALUES(name), os_type = VALUES(os_type),"
                + " volume_id = VALUES(volume_id), active = VALUES(active),"
                + " updated_at = VALUES(updated_at)")
        .bind("id", t.id())
        .bind("name", t.name())
        .bind("os", t.osType())
        .bind("volume", t.volumeId())
        .bind("active", t.active())
        .bind("now", now)
        .then();
  }
}
