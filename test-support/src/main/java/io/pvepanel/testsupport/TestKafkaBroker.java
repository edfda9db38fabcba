package io.pvepanel.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-process single-node KRaft Kafka broker for tests that manage it outside Spring's
 * {@code @EmbeddedKafka} (for example several application contexts sharing one broker).
 *
 * <p>The broker binds a free port of its own choosing: spring-kafka-test 4.0's KRaft broker does
 * not honour {@code kafkaPorts(..)}, and pinning {@code listeners} breaks its controller quorum.
 */
public final class TestKafkaBroker implements AutoCloseable {

  private final EmbeddedKafkaKraftBroker broker;

  private TestKafkaBroker(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  /** Starts a broker with the given topics created (3 partitions each). */
  public static TestKafkaBroker start(String... topics) {
    EmbeddedKafkaKraftBroker kraft = new EmbeddedKafkaKraftBroker(1, 3, topics);
    kraft.brokerProperty("auto.create.topics.enable", "true");
    kraft.brokerProperty("group.initial.rebalance.delay.ms", "0");
    kraft.afterPropertiesSet();
    return new TestKafkaBroker(kraft);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
