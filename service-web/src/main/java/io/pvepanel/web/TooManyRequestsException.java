package io.pvepanel.web;

import java.time.Duration;

/** A limit is reached; {@code retryAfter} says when the next try can succeed. */
public class TooManyRequestsException extends RuntimeException {

  private final Duration retryAfter;

  public TooManyRequestsException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
