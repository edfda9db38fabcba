package io.pvepanel.collector.status;

import io.pvepanel.collector.collection.PollerLease;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.Topics;
import io.pvepanel.kafka.LogAndSkipErrorHandler;
import io.pvepanel.kafka.UnprocessableRecordException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps a standing-by instance's status answers current: while another instance holds the {@link
 * PollerLease} and polls, this one reads the samples it publishes (own group, from the latest
 * offset) into its {@link StatusStore}, so the status endpoint answers the same on every instance
 * behind the service. The polling instance fills its store itself and skips these. A broadcast
 * consumer: unreadable records are logged and skipped ({@link LogAndSkipErrorHandler}).
 */
@Component
class StandbySampleListener {

  static final String ID = "collector-standby-samples";

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
      errorHandler = LogAndSkipErrorHandler.BEAN,
      properties = {"auto.offset.reset=latest"})
  void onRecord(ConsumerRecord<String, String> record) {
    if (record.value() == null || lease.held()) {
      return;
    }
    MetricSample sample = UnprocessableRecordException.read(record.value(), MetricSample.class);
    if (sample.serverId() != null) {
      store.update(List.of(sample));
    }
  }
}
