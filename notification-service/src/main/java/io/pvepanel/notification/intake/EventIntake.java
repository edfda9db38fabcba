package io.pvepanel.notification.intake;

import io.pvepanel.notification.delivery.DeliveryStore;
import io.pvepanel.notification.delivery.NewDelivery;
import io.pvepanel.notification.settings.SettingsStore;
import io.pvepanel.notification.template.Notifications.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns a notification into stored pending deliveries, one per recipient, if the owner wants this
 * kind. Idempotent: a redelivered event finds its rows already there and stores nothing.
 */
@Component
public class EventIntake {

  private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

  private final SettingsStore settings;
  private final DeliveryStore deliveries;

  EventIntake(SettingsStore settings, DeliveryStore deliveries) {
    this.settings = settings;
    this.deliveries = deliveries;
  }

  /** Completes with the number of deliveries newly stored (0 for duplicates and opt-outs). */
  public Mono<Integer> accept(Notification n) {
    return settings
        .find(n.ownerId())
        .flatMap(
            s -> {
              if (!s.wants(n.kind())) {
                log.debug("Owner {} does not receive {}", n.ownerId(), n.kind());
                return Mono.just(0);
              }
              String recipient = s.addressOr(n.ownerEmail());
              if (recipient == null) {
                log.warn(
                    "No address for owner {} (event {}); nothing to send",
                    n.ownerId(),
                    n.eventId());
                return Mono.just(0);
              }
              return deliveries
                  .insertIfAbsent(
                      new NewDelivery(
                          n.eventId(), n.kind(), recipient, n.ownerId(), n.serverId(), n.mail()))
                  .map(inserted -> inserted ? 1 : 0);
            });
  }
}
