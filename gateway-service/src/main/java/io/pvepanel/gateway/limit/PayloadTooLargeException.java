package io.pvepanel.gateway.limit;

/** A streamed (chunked) request body grew past the configured limit. */
public class PayloadTooLargeException extends RuntimeException {

  public PayloadTooLargeException() {
    super("request body too large", null, false, false);
  }
}
