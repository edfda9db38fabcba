package io.pvepanel.control.customer;

import io.pvepanel.control.catalog.Plan;
import io.pvepanel.web.QuotaExceededException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The customer's entitlements against what they hold: checked in the transaction that records a
 * self-service create, with the customer's row locked, so concurrent creates are decided one after
 * another. A customer the provider never registered has no limits.
 */
@Component
public class Quotas {

  /** What an owner holds now: servers and the sum of their plans. */
  record Usage(long servers, long cores, long memoryMib, long diskGib) {}

  private final CustomerStore customers;
  private final DatabaseClient db;

  Quotas(CustomerStore customers, DatabaseClient db) {
    this.customers = customers;
    this.db = db;
  }

  /**
   * Completes when one more server of {@code plan} keeps {@code ownerId} within their entitlements;
   * otherwise {@link QuotaExceededException} naming the limit. Run it inside the transaction that
   * records the server.
   */
  public Mono<Void> allowOneMore(String ownerId, Plan plan) {
    return allowResize(ownerId, null, plan);
  }

  /**
   * Completes when changing one of {@code ownerId}'s servers from {@code from} (null: no plan) to
   * {@code to} keeps them within their entitlements; otherwise {@link QuotaExceededException}. Run
   * it inside the transaction that records the resize.
   */
  public Mono<Void> allowResize(String ownerId, Plan from, Plan to) {
    return customers
        .lock(ownerId)
        .flatMap(
            c ->
                usage(ownerId)
                    .map(
                        u ->
                            from == null
                                ? u
                                : new Usage(
                                    u.servers() - 1,
                                    u.cores() - from.cores(),
                                    u.memoryMib() - from.memoryMib(),
                                    u.diskGib() - from.diskGib()))
                    .flatMap(u -> check(c.entitlements(), u, to)));
  }

  static Mono<Void> check(Customer.Entitlements e, Usage u, Plan plan) {
    if (e.plans() != null && !e.plans().contains(plan.id())) {
      return refuse("plans", "The plan '" + plan.id() + "' is not among your plans");
    }
    if (over(e.maxServers(), u.servers() + 1)) {
      return refuse("maxServers", "You may have at most " + e.maxServers() + " servers");
    }
    if (over(e.maxCores(), u.cores() + plan.cores())) {
      return refuse(
          "maxCores", "Your servers may have at most " + e.maxCores() + " cores together");
    }
    if (over(e.maxMemoryMib(), u.memoryMib() + plan.memoryMib())) {
      return refuse(
          "maxMemoryMib",
          "Your servers may have at most " + e.maxMemoryMib() + " MiB of memory together");
    }
    if (over(e.maxDiskGib(), u.diskGib() + plan.diskGib())) {
      return refuse(
          "maxDiskGib",
          "Your servers may have at most " + e.maxDiskGib() + " GiB of disk together");
    }
    return Mono.empty();
  }

  private static boolean over(Integer limit, long wanted) {
    return limit != null && wanted > limit;
  }

  private static Mono<Void> refuse(String limit, String detail) {
    return Mono.error(new QuotaExceededException(limit, detail));
  }

  Mono<Usage> usage(String ownerId) {
    return db.sql(
            "SELECT COUNT(*) AS n, COALESCE(SUM(p.cores), 0) AS cores,"
                + " COALESCE(SUM(p.memory_mib), 0) AS memory, COALESCE(SUM(p.disk_gib), 0) AS disk"
                + " FROM servers s LEFT JOIN plans p ON p.id = s.plan_id WHERE s.owner_id = :owner")
        .bind("owner", ownerId)
        .map(
            r ->
                new Usage(
                    number(r.get("n")),
                    number(r.get("cores")),
                    number(r.get("memory")),
                    number(r.get("disk"))))
        .one();
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
