package io.pvepanel.collector.inventory;

import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.kafka.LogAndSkipErrorHandler;
import io.pvepanel.kafka.UnprocessableRecordException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Rebuilds {@link Inventory} from the compacted topic. Every instance reads the whole topic from
 * the beginning on every (re)assignment, in its own consumer group, so each holds the full
 * inventory whatever the other instances do; committed offsets are never used. A broadcast
 * consumer: unreadable or incomplete records are logged and skipped ({@link
 * LogAndSkipErrorHandler}).
 */
@Component
class InventoryListener implements ConsumerSeekAware {

  static final String ID = "collector-inventory";

  private final Inventory inventory;

  InventoryListener(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    callback.seekToBeginning(assignments.keySet());
  }

  @KafkaListener(
      id = ID,
      topics = Topics.SERVER_INVENTORY,
      groupId = "metrics-collector-inventory-${random.uuid}",
      errorHandler = LogAndSkipErrorHandler.BEAN,
      properties = {"auto.offset.reset=earliest"})
  void onRecord(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      // tombstone: the server was deleted
      if (record.key() != null) {
        inventory.remove(record.key());
      }
      return;
    }
    InventoryEntry entry =
        InventoryEntry.of(
            UnprocessableRecordException.read(record.value(), ServerInventoryRecord.class));
    if (entry == null) {
      throw new UnprocessableRecordException("incomplete inventory record");
    }
    inventory.put(entry);
  }
}
