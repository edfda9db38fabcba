package io.pvepanel.control.customer;

import static io.pvepanel.runtime.time.Times.fromDb;
import static io.pvepanel.runtime.time.Times.toDb;

import io.r2dbc.spi.Readable;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Customers in {@code customers}. */
@Repository
class CustomerStore {

  private final DatabaseClient db;

  CustomerStore(DatabaseClient db) {
    this.db = db;
  }

  Mono<Customer> find(String id) {
    return db.sql("SELECT * FROM customers WHERE id = :id")
        .bind("id", id)
        .map(CustomerStore::read)
        .one();
  }

  /**
   * The customer's row, locked until the transaction ends: creates for one customer are decided one
   * after another, so two concurrent ones cannot both take the last unit of a limit.
   */
  Mono<Customer> lock(String id) {
    return db.sql("SELECT * FROM customers WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map(CustomerStore::read)
        .one();
  }

  Flux<Customer> list(int limit, int offset) {
    return db.sql("SELECT * FROM customers ORDER BY id LIMIT :limit OFFSET :offset")
        .bind("limit", limit)
        .bind("offset", offset)
        .map(CustomerStore::read)
        .all();
  }

  /** Inserts or replaces; the created time of an existing customer is kept. */
  Mono<Void> save(Customer c) {
    Customer.Entitlements e = c.entitlements();
    return db.sql(
            "INSERT INTO customers (id, email, name, locale, max_servers, max_cores,"
                + " max_memory_mib, max_disk_gib, plans, created_at, updated_at) VALUES (:id,"
                + " :email, :name, :locale, :servers, :cores, :memory, :disk, :plans, :at, :at)"
                + " ON DUPLICATE KEY UPDATE email = VALUES(email), name = VALUES(name),"
                + " locale = VALUES(locale), max_servers = VALUES(max_servers),"
                + " max_cores = VALUES(max_cores), max_memory_mib = VALUES(max_memory_mib),"
                + " max_disk_gib = VALUES(max_disk_gib), plans = VALUES(plans),"
                + " updated_at = VALUES(updated_at)")
        .bind("id", c.id())
        .bind("email", Parameter.fromOrEmpty(c.email(), String.class))
        .bind("name", Parameter.fromOrEmpty(c.name(), String.class))
        .bind("locale", Parameter.fromOrEmpty(c.locale(), String.class))
        .bind("servers", Parameter.fromOrEmpty(e.maxServers(), Integer.class))
        .bind("cores", Parameter.fromOrEmpty(e.maxCores(), Integer.class))
        .bind("memory", Parameter.fromOrEmpty(e.maxMemoryMib(), Integer.class))
        .bind("disk", Parameter.fromOrEmpty(e.maxDiskGib(), Integer.class))
        .bind(
            "plans",
            Parameter.fromOrEmpty(
                e.plans() == null ? null : String.join(",", e.plans()), String.class))
        .bind("at", toDb(c.updatedAt()))
        .then();
  }

  private static Customer read(Readable r) {
    String plans = r.get("plans", String.class);
    return new Customer(
        r.get("id", String.class),
        r.get("email", String.class),
        r.get("name", String.class),
        r.get("locale", String.class),
        new Customer.Entitlements(
            r.get("max_servers", Integer.class),
            r.get("max_cores", Integer.class),
            r.get("max_memory_mib", Integer.class),
            r.get("max_disk_gib", Integer.class),
            plans == null
                ? null
                : Arrays.stream(plans.split(",")).filter(s -> !s.isBlank()).toList()),
        fromDb(r.get("created_at", LocalDateTime.class)),
        fromDb(r.get("updated_at", LocalDateTime.class)));
  }
}
