package io.pvepanel.control.server;

import io.pvepanel.control.ControlProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;

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
  private final Clock clock;

  DemoServerSeeder(
      ServerRepository servers,
      ServerRecords records,
      TransactionalOperator tx,
      ControlProperties properties,
      Clock clock) {
    this.servers = servers;
    this.records = records;
    this.tx = tx;
    this.properties = properties;
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

  private reactor.core.publisher.Mono<Void> record(ControlProperties.DemoServer d) {
    Instant now = clock.instant();
    Server server =
        new Server(
            UUID.randomUUID().toString(),
            d.ownerId(),
            d.ownerEmail(),
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
