package io.pvepanel.kafka;

import io.pvepanel.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The suite's Kafka consumer convention, in every service with listeners. Boot wires the {@link
 * CommonErrorHandler} declared here into its listener container factory: a record whose processing
 * fails is retried {@code retry-attempts} times {@code retry-interval} apart, then published to
 * {@code <topic>-dlt} (any partition, spring-kafka's exception headers) and the partition moves on;
 * an {@link UnprocessableRecordException} skips the retries. Broadcast listeners opt out with
 * {@link LogAndSkipErrorHandler}; reactive work is awaited through the {@link ListenerBridge}.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnBean(KafkaOperations.class)
@EnableConfigurationProperties(KafkaConsumerProperties.class)
public class KafkaConsumerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler kafkaErrorHandler(
      KafkaOperations<?, ?> template, KafkaConsumerProperties properties) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            template,
            // partition -1: let the producer choose, so the DLT needs no particular partition count
            (record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            recoverer,
            new FixedBackOff(properties.retryInterval().toMillis(), properties.retryAttempts()));
    handler.addNotRetryableExceptions(UnprocessableRecordException.class);
    return handler;
  }

  @Bean(LogAndSkipErrorHandler.BEAN)
  @ConditionalOnMissingBean(name = LogAndSkipErrorHandler.BEAN)
  LogAndSkipErrorHandler logAndSkipErrorHandler() {
    return new LogAndSkipErrorHandler();
  }

  @Bean
  @ConditionalOnMissingBean
  ListenerBridge listenerBridge(KafkaConsumerProperties properties) {
    return new ListenerBridge(properties.processingTimeout());
  }
}
