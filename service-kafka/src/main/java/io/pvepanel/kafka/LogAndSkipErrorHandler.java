package io.pvepanel.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.KafkaListenerErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * For broadcast listeners (a consumer group of their own per instance, e.g. the collector's status
 * listeners and the gateway's live channel): a record that fails is logged and skipped, never
 * retried nor dead-lettered — every instance would dead-letter the same record, and the next record
 * supersedes it anyway. Named on the listener: {@code @KafkaListener(errorHandler =
 * LogAndSkipErrorHandler.BEAN)}.
 */
public final class LogAndSkipErrorHandler implements KafkaListenerErrorHandler {

  /** The bean name to give as a listener's {@code errorHandler}. */
  public static final String BEAN = "logAndSkipErrorHandler";

  private static final Logger log = LoggerFactory.getLogger(LogAndSkipErrorHandler.class);

  @Override
  public Object handleError(Message<?> message, ListenerExecutionFailedException exception) {
    MessageHeaders headers = message.getHeaders();
    Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
    Throwable reported = exception.getCause() instanceof UnprocessableRecordException u ? u : cause;
    log.warn(
        "Skipping record {}-{}@{} (key {}): {}",
        headers.get(KafkaHeaders.RECEIVED_TOPIC),
        headers.get(KafkaHeaders.RECEIVED_PARTITION),
        headers.get(KafkaHeaders.OFFSET),
        headers.get(KafkaHeaders.RECEIVED_KEY),
        reported.toString());
    return null;
  }
}
