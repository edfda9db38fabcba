package io.pvepanel.control.customer;

import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.provider.ProviderActor;
import io.pvepanel.control.server.ServerRecords;
import io.pvepanel.control.server.ServerRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The provider's record of its customers. A new or changed contact address goes onto every server
 * of the customer and their inventory records at once (same transaction, through the outbox), so
 * alerting mails it without the customer ever having signed in.
 */
@Service
public class CustomerService {

  private final CustomerStore customers;
  private final ServerRepository servers;
  private final ServerRecords records;
  private final AuditLog audit;
  private final TransactionalOperator tx;
  private final Clock clock;

  CustomerService(
      CustomerStore customers,
      ServerRepository servers,
      ServerRecords records,
      AuditLog audit,
      TransactionalOperator tx,
      Clock clock) {
    this.customers = customers;
    this.servers = servers;
    this.records = records;
    this.audit = audit;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * The customer's contact address, if the provider registered one (never an empty {@code Mono}:
   * callers zip it with the rest of what they need).
   */
  public Mono<Optional<String>> contact(String customerId) {
    return customers
        .find(customerId)
        .map(c -> Optional.ofNullable(c.email()))
        .defaultIfEmpty(Optional.empty());
  }

  Mono<Customer> find(String id) {
    return customers.find(id);
  }

  Flux<Customer> list(int limit, int offset) {
    return customers.list(limit, offset);
  }

  /** Registers or replaces a customer; their servers take a new contact address at once. */
  Mono<Customer> put(ProviderActor actor, String id, CustomerRequest request) {
    Instant now = clock.instant();
    Customer.Entitlements entitlements =
        request.entitlements() == null
            ? Customer.Entitlements.UNLIMITED
            : request.entitlements().value();
    Customer wanted =
        new Customer(id, request.email(), request.name(), request.locale(), entitlements, now, now);
    return customers
        .find(id)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            before -> {
              boolean emailChanged =
                  before.isEmpty() || !Objects.equals(before.get().email(), request.email());
              Mono<Void> contact =
                  emailChanged && request.email() != null
                      ? applyContact(id, request.email(), now)
                      : Mono.empty();
              return customers
                  .save(wanted)
                  .then(contact)
                  .then(
                      audit.recordAbout(
                          "customer:" + id,
                          actor.actorId(),
                          before.isEmpty() ? "customer.create" : "customer.update",
                          "succeeded",
                          describe(wanted)));
            })
        .as(tx::transactional)
        .then(customers.find(id));
  }

  private Mono<Void> applyContact(String ownerId, String email, Instant now) {
    return servers
        .updateOwnerEmail(ownerId, email, now)
        .thenMany(servers.findByOwner(ownerId))
        .concatMap(s -> records.contact(s, email, now))
        .then();
  }

  private static String describe(Customer c) {
    Customer.Entitlements e = c.entitlements();
    return "maxServers="
        + e.maxServers()
        + " maxCores="
        + e.maxCores()
        + " maxMemoryMib="
        + e.maxMemoryMib()
        + " maxDiskGib="
        + e.maxDiskGib()
        + " plans="
        + e.plans();
  }
}
