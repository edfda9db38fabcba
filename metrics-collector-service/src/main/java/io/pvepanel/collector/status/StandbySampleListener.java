package io.pvepanel.collector.status;

import io.pvepanel.collector.collection.PollerLease;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps a standing-by instance's status answers current: while another instance holds the {@link
 * PollerLease} and polls, this one reads the samples it publishes (own group, from the latest
 * offset) into its {@link StatusStore}, so the status endpoint answers the same on every instance
 * behind the service. The polling instance fills its store itself and skips these.
 */
@Component
class StandbySampleListener {

  static final String ID = "collector-standby-samples";
  private static final Logger log = LoggerFactory.getLogger(StandbySampleListener.class);

  private final StatusStore store;
  private final PollerLease lease;

  StandbySampleListener(StatusStore store, PollerLease lease) {
    this.store = store;
    this.lease = lease;
  }

  @KafkaListener(
      id = ID,
      topics = Topics.SERVER_METRICS,
      groupId = "metrics-collector-standby-${random.uuid}",
      properties = {"auto.offset.reset=latest"})
  void onRecord(ConsumerRecord<String, String> record) {
    if (record.value() == null || lease.held()) {
      return;
    }
    MetricSample sample;
    try {
      sample = EventJson.read(record.value(), MetricSample.class);
    } catch (RuntimeException e) {
      log.warn("Unreadable sample for key {} skipped: {}", record.key(), e.toString());
      return;
    }
    if (sample.serverId() != null) {
      store.update(List.of(sample));
    }
  }
}
