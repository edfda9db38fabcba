package io.pvepanel.collector.status;

import io.pvepanel.collector.inventory.Inventory;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.kafka.LogAndSkipErrorHandler;
import io.pvepanel.kafka.UnprocessableRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies status changes announced by the control service at once. Each instance reads every event
 * (own group) from the latest offset: only what happens from now on matters, older statuses have
 * been sampled since. Applying the same event twice is harmless (idempotent by nature). A broadcast
 * consumer: unreadable records are logged and skipped ({@link LogAndSkipErrorHandler}).
 */
@Component
class ServerEventsListener {

  static final String ID = "collector-server-events";

  private final StatusStore store;
  private final Inventory inventory;

  ServerEventsListener(StatusStore store, Inventory inventory) {
    this.store = store;
    this.inventory = inventory;
  }

  @KafkaListener(
      id = ID,
      topics = Topics.SERVER_EVENTS,
      groupId = "metrics-collector-events-${random.uuid}",
      errorHandler = LogAndSkipErrorHandler.BEAN,
      properties = {"auto.offset.reset=latest"})
  void onRecord(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return;
    }
    ServerEvent event = UnprocessableRecordException.read(record.value(), ServerEvent.class);
    if (event.serverId() == null || event.type() == null) {
      return;
    }
    switch (event.type()) {
      case ServerEvent.STATUS_CHANGED, ServerEvent.OPERATION_SUCCEEDED -> {
        if (event.status() != null && !event.status().isBlank()) {
          store.announce(event.serverId(), event.status());
        }
      }
      case ServerEvent.DELETED -> {
        // the inventory tombstone follows; stop showing and polling the server already
        store.remove(event.serverId());
        inventory.remove(event.serverId());
      }
      default -> {}
    }
  }
}
