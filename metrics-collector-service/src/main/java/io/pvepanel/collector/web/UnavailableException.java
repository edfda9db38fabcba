package io.pvepanel.collector.web;

/**
 * A source the answer needs is not available (e.g. a cluster this instance is not configured for).
 */
public class UnavailableException extends RuntimeException {

  public UnavailableException(String message) {
    super(message);
  }
}
