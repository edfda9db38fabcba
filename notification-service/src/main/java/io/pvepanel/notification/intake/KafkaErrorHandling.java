package io.pvepanel.notification.intake;

import io.pvepanel.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Records that fail are retried a few times (storage hiccups), then published to {@code
 * <topic>-dlt} with spring-kafka's error headers; malformed ones go there at once. The partition
 * carries on either way. Boot wires this handler into the listener container factory.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

  @Bean
  DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> template) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            template, (record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(5_000);
    backOff.setMaxElapsedTime(20_000);
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(
        UnprocessableEventException.class, IllegalArgumentException.class);
    return handler;
  }
}
