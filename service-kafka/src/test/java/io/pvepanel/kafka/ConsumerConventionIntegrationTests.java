package io.pvepanel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pvepanel.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.stereotype.Component;
import org.springframework.test.annotation.DirtiesContext;
import reactor.core.publisher.Mono;

/**
 * The convention on embedded Kafka: unprocessable records go to the DLT at once, failing ones after
 * the retries, and a broadcast listener's failures are logged and skipped.
 */
@SpringBootTest(
    classes = ConsumerConventionIntegrationTests.App.class,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "spring.kafka.consumer.auto-offset-reset=earliest",
      "spring.kafka.consumer.key-deserializer=org.apache.kafka.common.serialization.StringDeserializer",
      "spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.StringDeserializer",
      "spring.kafka.producer.key-serializer=org.apache.kafka.common.serialization.StringSerializer",
      "spring.kafka.producer.value-serializer=org.apache.kafka.common.serialization.StringSerializer",
      "pvepanel.kafka.consumer.retry-interval=50ms",
      "pvepanel.kafka.consumer.retry-attempts=2"
    })
@EmbeddedKafka(
    partitions = 1,
    topics = {"work", "work-dlt", "broadcast", "broadcast-dlt"},
    brokerProperties = {"group.initial.rebalance.delay.ms=0"})
@DirtiesContext
class ConsumerConventionIntegrationTests {

  @Configuration(proxyBeanMethods = false)
  @EnableKafka
  @ImportAutoConfiguration({KafkaAutoConfiguration.class, KafkaConsumerAutoConfiguration.class})
  @Import(Listeners.class)
  static class App {}

  @Component
  static class Listeners {
    final Map<String, AtomicInteger> attempts = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> broadcastSeen = new CopyOnWriteArrayList<>();
    final ListenerBridge bridge;

    Listeners(ListenerBridge bridge) {
      this.bridge = bridge;
    }

    @KafkaListener(topics = "work", groupId = "work")
    void work(String value) {
      attempts.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
      switch (value) {
        case "bad" -> throw new UnprocessableRecordException("bad record");
        case "flaky" -> bridge.await(Mono.error(new IllegalStateException("storage down")));
        default -> bridge.await(Mono.empty());
      }
    }

    @KafkaListener(
        topics = "broadcast",
        groupId = "broadcast",
        errorHandler = LogAndSkipErrorHandler.BEAN)
    void broadcast(String value) {
      broadcastSeen.add(value);
      if (!value.equals("fine")) {
        throw new UnprocessableRecordException("unreadable");
      }
    }
  }

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired Listeners listeners;

  @Test
  void unprocessableGoesToTheDltAtOnceAndFailingAfterTheRetries() {
    kafka.send("work", "k1", "bad");
    kafka.send("work", "k2", "flaky");
    kafka.send("work", "k3", "good");

    List<ConsumerRecord<String, String>> dead = readDlt("work-dlt", 2);
    assertThat(dead).extracting(ConsumerRecord::value).containsExactly("bad", "flaky");
    assertThat(dead.get(0).headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
    await().atMost(Duration.ofSeconds(20)).until(() -> listeners.attempts.containsKey("good"));
    assertThat(listeners.attempts.get("bad")).hasValue(1);
    assertThat(listeners.attempts.get("flaky")).hasValue(3);
  }

  @Test
  void broadcastListenersLogAndSkip() {
    kafka.send("broadcast", "k1", "garbage");
    kafka.send("broadcast", "k2", "fine");

    await().atMost(Duration.ofSeconds(20)).until(() -> listeners.broadcastSeen.contains("fine"));
    assertThat(listeners.broadcastSeen).containsExactly("garbage", "fine");
    assertThat(readDlt("broadcast-dlt", 0)).isEmpty();
    assertThat(Topics.deadLetter("broadcast")).isEqualTo("broadcast-dlt");
  }

  private List<ConsumerRecord<String, String>> readDlt(String topic, int expected) {
    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlt-" + topic, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> found = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long until = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 2 : 20).toNanos();
      while (System.nanoTime() < until && (expected == 0 || found.size() < expected)) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        records.forEach(found::add);
      }
    }
    return found;
  }
}
