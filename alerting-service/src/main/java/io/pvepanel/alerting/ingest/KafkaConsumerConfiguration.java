package io.pvepanel.alerting.ingest;

import io.pvepanel.alerting.AlertingProperties;
import io.pvepanel.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Error handling of the listeners (Boot wires this {@code CommonErrorHandler} into its container
 * factory): a failing record is retried {@code retry-attempts} times {@code retry-interval} apart,
 * then published to {@code <topic>-dlt} with spring-kafka's exception headers, and the partition
 * moves on. Unparseable records skip the retries.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

  @Bean
  DefaultErrorHandler kafkaErrorHandler(
      KafkaTemplate<String, String> template, AlertingProperties properties) {
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
}
