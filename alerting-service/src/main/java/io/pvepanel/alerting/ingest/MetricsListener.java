package io.pvepanel.alerting.ingest;

import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.kafka.ListenerBridge;
import io.pvepanel.kafka.UnprocessableRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code server.metrics} (and {@code server.inventory} for owners' e-mail and server
 * names) in the consumer group {@code alerting}; records are keyed by server id, so one server's
 * samples stay in order on one partition and instances scale out by partitions.
 *
 * <p>The suite's Kafka consumer convention (service-kafka): the processing of a record is one
 * reactive pipeline run through the {@link ListenerBridge} (in order per partition, the offset
 * committed after the record's transaction, bounded by {@code
 * pvepanel.kafka.consumer.processing-timeout}); a failure is retried, then goes to the DLT, and an
 * {@link UnprocessableRecordException} goes there at once.
 */
@Component
class MetricsListener {

  private static final Logger log = LoggerFactory.getLogger(MetricsListener.class);

  private final SampleProcessor processor;
  private final ServerDirectory servers;
  private final ListenerBridge bridge;

  MetricsListener(SampleProcessor processor, ServerDirectory servers, ListenerBridge bridge) {
    this.processor = processor;
    this.servers = servers;
    this.bridge = bridge;
  }

  @KafkaListener(topics = Topics.SERVER_METRICS)
  void onSample(ConsumerRecord<String, String> record) {
    MetricSample sample = parseSample(record);
    if (sample == null) {
      return;
    }
    bridge.await(processor.process(sample));
  }

  /**
   * The compacted inventory is read from its beginning by a new consumer group: the servers and
   * their owners' addresses were published before this service first started (the demo servers of a
   * fresh local run, every server of a new deployment), and an alert without the owner's address
   * mails no one. Samples start at the latest offset: old ones are superseded.
   */
  @KafkaListener(topics = Topics.SERVER_INVENTORY, properties = "auto.offset.reset=earliest")
  void onInventory(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      if (record.key() != null) {
        bridge.await(servers.forget(record.key()));
      }
      return;
    }
    ServerInventoryRecord inventory =
        UnprocessableRecordException.read(record.value(), ServerInventoryRecord.class);
    if (inventory.serverId() == null || inventory.ownerId() == null) {
      throw new UnprocessableRecordException("inventory record without server or owner");
    }
    bridge.await(
        servers.remember(
            new ServerDirectory.ServerInfo(
                inventory.serverId(),
                inventory.ownerId(),
                inventory.ownerEmail(),
                inventory.name(),
                inventory.suspended())));
  }

  private static MetricSample parseSample(ConsumerRecord<String, String> record) {
    MetricSample sample = UnprocessableRecordException.read(record.value(), MetricSample.class);
    if (sample.type() != null && !MetricSample.TYPE.equals(sample.type())) {
      log.debug("Ignoring event of type {} on {}", sample.type(), record.topic());
      return null;
    }
    if (sample.eventId() == null
        || sample.occurredAt() == null
        || sample.serverId() == null
        || sample.dataState() == null) {
      throw new UnprocessableRecordException(
          "sample without eventId, occurredAt, serverId or dataState");
    }
    return sample;
  }
}
