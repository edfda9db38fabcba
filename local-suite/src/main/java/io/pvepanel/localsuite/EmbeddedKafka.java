package io.pvepanel.localsuite;

import io.pvepanel.events.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-process single-node KRaft broker. spring-kafka-test 4.0's KRaft broker picks its own port;
 * its address is handed to the services as {@code KAFKA_BOOTSTRAP_SERVERS}.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The suite's topics, {@code server.inventory} compacted. */
  public static List<NewTopic> topics() {
    return List.of(
        new NewTopic(Topics.SERVER_INVENTORY, 3, (short) 1)
            .configs(Map.of("cleanup.policy", "compact")),
        new NewTopic(Topics.SERVER_EVENTS, 3, (short) 1),
        new NewTopic(Topics.SERVER_METRICS, 3, (short) 1),
        new NewTopic(Topics.ALERT_EVENTS, 3, (short) 1));
  }

  private final EmbeddedKafkaKraftBroker broker;

  private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  public static EmbeddedKafka start() {
    EmbeddedKafkaKraftBroker kraft = new EmbeddedKafkaKraftBroker(1, 3);
    kraft.brokerProperty("auto.create.topics.enable", "true"); // the -dlt topics
    kraft.brokerProperty("group.initial.rebalance.delay.ms", "0");
    kraft.afterPropertiesSet();
    try {
      kraft.addTopics(topics().toArray(NewTopic[]::new));
    } catch (RuntimeException e) {
      kraft.destroy();
      throw e;
    }
    return new EmbeddedKafka(kraft);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
