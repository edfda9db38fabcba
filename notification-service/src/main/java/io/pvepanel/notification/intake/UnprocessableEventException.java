package io.pvepanel.notification.intake;

/** A record that can never be processed; it goes to the dead-letter topic without retries. */
class UnprocessableEventException extends RuntimeException {
  UnprocessableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
