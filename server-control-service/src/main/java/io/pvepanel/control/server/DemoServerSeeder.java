package io.pvepanel.control.server;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.customer.CustomerService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records the configured demo guests as servers of their users (once), with their inventory events,
 * so a local run has servers to show before anyone creates one.
 */
@Component
class DemoServerSeeder {

  private static final Logger log = LoggerFactory.getLogger(DemoServerSeeder.class);

  private final ServerRepository servers;
  private final ServerRecords records;
  private final TransactionalOperator tx;
  private final ControlProperties properties;
  private final CustomerService customers;
  private final Clock clock;

  DemoServerSeeder(
      ServerRepository servers,
      ServerRecords records,
      TransactionalOperator tx,
      ControlProperties properties,
      CustomerService customers,
      Clock clock) {
    this.servers = servers;
    this.records = records;
    this.tx = tx;
    this.properties = properties;
    this.customers = customers;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void seed() {
    if (properties.demoServers().isEmpty()) {
      return;
    }
    servers
        .findAll()
        .filter(s -> s.cluster().equals(properties.defaultCluster()))
        .map(Server::vmid)
        .collectList()
        .flatMapMany(
            known ->
                Flux.fromIterable(properties.demoServers()).filter(d -> !known.contains(d.vmid())))
        .concatMap(this::record)
        .doOnError(e -> log.warn("Could not record the demo servers: {}", e.toString()))
        .onErrorComplete()
        .subscribe();
  }

  /**
   * The demo guest's record; its contact address is the configured one, else the one the provider
   * registered for its owner (the local run registers its demo customers through the provider API,
   * which also updates servers recorded before).
   */
  private Mono<Void> record(ControlProperties.DemoServer d) {
    Mono<Optional<String>> email =
        d.ownerEmail() != null
            ? Mono.just(Optional.of(d.ownerEmail()))
            : customers.contact(d.ownerId());
    return email.flatMap(e -> record(d, e.orElse(null)));
  }

  private Mono<Void> record(ControlProperties.DemoServer d, String email) {
    Instant now = clock.instant();
    Server server =
        new Server(
            UUID.randomUUID().toString(),
            d.ownerId(),
            email,
            properties.defaultCluster(),
            d.node(),
            d.vmid(),
            d.type(),
            d.name(),
            d.planId(),
            d.templateId(),
            ServerStatus.UNKNOWN,
            null,
            now,
            now);
    return records.insert(server, "qemu".equals(d.type())).as(tx::transactional);
  }
}
