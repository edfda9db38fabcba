package io.pvepanel.alerting.ingest;

import io.pvepanel.alerting.AlertingProperties;
import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Consumes {@code server.metrics} (and {@code server.inventory} for owners' e-mail and server
 * names) in the consumer group {@code alerting}; records are keyed by server id, so one server's
 * samples stay in order on one partition and instances scale out by partitions.
 *
 * <p>Bridging into the reactive code: the listener thread composes the whole processing of a record
 * as one {@link Mono}, bounds it with {@code .timeout(processing-timeout)} and waits for it with
 * {@code toFuture().join()}. Waiting on the listener thread is deliberate: it keeps records of a
 * partition strictly in order and commits an offset only after its record's transaction, and the
 * timeout guarantees the thread is never stuck. A failure goes to the container's error handler
 * (retries, then the DLT).
 */
@Component
class MetricsListener {

  private static final Logger log = LoggerFactory.getLogger(MetricsListener.class);

  private final SampleProcessor processor;
  private final ServerDirectory servers;
  private final Duration timeout;

  MetricsListener(
      SampleProcessor processor, ServerDirectory servers, AlertingProperties properties) {
    this.processor = processor;
    this.servers = servers;
    this.timeout = properties.processingTimeout();
  }

  @KafkaListener(topics = Topics.SERVER_METRICS)
  void onSample(ConsumerRecord<String, String> record) {
    MetricSample sample = parseSample(record);
    if (sample == null) {
      return;
    }
    await(processor.process(sample));
  }

  @KafkaListener(topics = Topics.SERVER_INVENTORY)
  void onInventory(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      if (record.key() != null) {
        await(servers.forget(record.key()));
      }
      return;
    }
    ServerInventoryRecord inventory;
    try {
      inventory = EventJson.read(record.value(), ServerInventoryRecord.class);
    } catch (RuntimeException e) {
      throw new UnprocessableRecordException("not an inventory record", e);
    }
    if (inventory.serverId() == null || inventory.ownerId() == null) {
      throw new UnprocessableRecordException("inventory record without server or owner", null);
    }
    await(
        servers.remember(
            new ServerDirectory.ServerInfo(
                inventory.serverId(),
                inventory.ownerId(),
                inventory.ownerEmail(),
                inventory.name())));
  }

  private void await(Mono<Void> work) {
    work.timeout(timeout).toFuture().join();
  }

  private static MetricSample parseSample(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      throw new UnprocessableRecordException("empty sample", null);
    }
    MetricSample sample;
    try {
      sample = EventJson.read(record.value(), MetricSample.class);
    } catch (RuntimeException e) {
      throw new UnprocessableRecordException("not a metric sample: " + e.getMessage(), e);
    }
    if (sample.type() != null && !MetricSample.TYPE.equals(sample.type())) {
      log.debug("Ignoring event of type {} on {}", sample.type(), record.topic());
      return null;
    }
    if (sample.eventId() == null
        || sample.occurredAt() == null
        || sample.serverId() == null
        || sample.dataState() == null) {
      throw new UnprocessableRecordException(
          "sample without eventId, occurredAt, serverId or dataState", null);
    }
    return sample;
  }
}
