package io.pvepanel.web;

/**
 * The provider has suspended the server: every customer action on it is 403 {@code suspended} until
 * the provider lifts the suspension.
 */
public class SuspendedException extends RuntimeException {

  public SuspendedException(String reason) {
    super(
        reason == null || reason.isBlank()
            ? "This server is suspended by your provider"
            : "This server is suspended by your provider: " + reason);
  }
}
