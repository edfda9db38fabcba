package io.pvepanel.collector.web;

/**
 * A server the caller may not see. Foreign and unknown ids raise it with the same text, so the
 * answer never tells whether an id exists.
 */
public class NotFoundException extends RuntimeException {

  public NotFoundException() {
    super("server not found");
  }
}
