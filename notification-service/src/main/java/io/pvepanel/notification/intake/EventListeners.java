package io.pvepanel.notification.intake;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.kafka.ListenerBridge;
import io.pvepanel.kafka.UnprocessableRecordException;
import io.pvepanel.notification.template.Notifications;
import io.pvepanel.notification.template.Notifications.Notification;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code alert.events} and {@code server.events} (group {@code notification}) by the
 * suite's Kafka consumer convention (service-kafka): a record that is not a readable event, or an
 * event without the identity a notification needs, is unprocessable and goes to the dead-letter
 * topic at once; storing the deliveries runs through the {@link ListenerBridge}, so the offset is
 * committed once they are stored and a storage failure is retried, then dead-lettered. Sending is
 * the delivery worker's job, so a slow SMTP server never holds up consumption.
 */
@Component
class EventListeners {

  private final EventIntake intake;
  private final ListenerBridge bridge;

  EventListeners(EventIntake intake, ListenerBridge bridge) {
    this.intake = intake;
    this.bridge = bridge;
  }

  @KafkaListener(id = "notification-alerts", topics = Topics.ALERT_EVENTS, groupId = "notification")
  void onAlert(String value) {
    AlertEvent event = UnprocessableRecordException.read(value, AlertEvent.class);
    handle(() -> Notifications.of(event));
  }

  @KafkaListener(
      id = "notification-servers",
      topics = Topics.SERVER_EVENTS,
      groupId = "notification")
  void onServer(String value) {
    ServerEvent event = UnprocessableRecordException.read(value, ServerEvent.class);
    handle(() -> Notifications.of(event));
  }

  private void handle(Supplier<Optional<Notification>> render) {
    Optional<Notification> notification;
    try {
      notification = render.get();
    } catch (IllegalArgumentException e) {
      throw new UnprocessableRecordException(e.getMessage(), e);
    }
    notification.ifPresent(n -> bridge.await(intake.accept(n)));
  }
}
