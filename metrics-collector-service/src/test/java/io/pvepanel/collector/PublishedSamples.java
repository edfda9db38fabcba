package io.pvepanel.collector;

import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.Topics;
import java.util.Collection;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.kafka.annotation.KafkaListener;

/** Everything the collector published to server.metrics, read back from the broker. */
@TestConfiguration
public class PublishedSamples {

  private final Map<String, MetricSample> latest = new ConcurrentHashMap<>();
  private final Queue<String> keys = new ConcurrentLinkedQueue<>();

  @KafkaListener(
      id = "test-published-samples",
      topics = Topics.SERVER_METRICS,
      groupId = "test-published-samples",
      properties = {"auto.offset.reset=earliest"})
  void onSample(ConsumerRecord<String, String> record) {
    MetricSample s = EventJson.read(record.value(), MetricSample.class);
    keys.add(record.key());
    latest.merge(s.serverId(), s, (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? a : b);
  }

  public MetricSample latest(String serverId) {
    return latest.get(serverId);
  }

  public Collection<String> keys() {
    return keys;
  }
}
