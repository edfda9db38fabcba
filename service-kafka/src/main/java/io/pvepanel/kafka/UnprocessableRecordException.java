package io.pvepanel.kafka;

import io.pvepanel.events.Event;
import io.pvepanel.events.EventJson;

/**
 * A record that can never be processed (empty, not JSON, not the expected event, required fields
 * missing). A listener in a shared consumer group lets it reach the container: the record goes to
 * {@code <topic>-dlt} at once, without retries. A broadcast listener ({@link
 * LogAndSkipErrorHandler}) logs it and moves on.
 */
public class UnprocessableRecordException extends RuntimeException {

  public UnprocessableRecordException(String message) {
    super(message);
  }

  public UnprocessableRecordException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Reads a record's value as {@code type}, or fails with this exception. */
  public static <T extends Event> T read(String value, Class<T> type) {
    if (value == null || value.isBlank()) {
      throw new UnprocessableRecordException("empty record, expected a " + type.getSimpleName());
    }
    try {
      return EventJson.read(value, type);
    } catch (RuntimeException e) {
      throw new UnprocessableRecordException(
          "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
