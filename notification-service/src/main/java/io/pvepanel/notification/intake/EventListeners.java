package io.pvepanel.notification.intake;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.notification.template.Notifications;
import io.pvepanel.notification.template.Notifications.Notification;
import java.util.Optional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Consumes {@code alert.events} and {@code server.events} (group {@code notification}). Parsing
 * happens on the listener thread, so a malformed record fails at once and goes to the dead-letter
 * topic; storing the delivery is asynchronous (the container commits when it completes). Sending is
 * the delivery worker's job, so a slow SMTP server never holds up consumption.
 */
@Component
class EventListeners {

  private final EventIntake intake;

  EventListeners(EventIntake intake) {
    this.intake = intake;
  }

  @KafkaListener(id = "notification-alerts", topics = Topics.ALERT_EVENTS, groupId = "notification")
  Mono<Void> onAlert(String value) {
    return handle(Notifications.of(parse(value, AlertEvent.class)));
  }

  @KafkaListener(
      id = "notification-servers",
      topics = Topics.SERVER_EVENTS,
      groupId = "notification")
  Mono<Void> onServer(String value) {
    return handle(Notifications.of(parse(value, ServerEvent.class)));
  }

  private Mono<Void> handle(Optional<Notification> notification) {
    return notification.map(n -> intake.accept(n).then()).orElse(Mono.empty());
  }

  private static <T extends io.pvepanel.events.Event> T parse(String value, Class<T> type) {
    if (value == null || value.isBlank()) {
      throw new UnprocessableEventException("empty record", null);
    }
    try {
      return EventJson.read(value, type);
    } catch (RuntimeException e) {
      throw new UnprocessableEventException(
          "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
