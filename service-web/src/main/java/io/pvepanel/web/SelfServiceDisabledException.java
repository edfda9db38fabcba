package io.pvepanel.web;

/** The provider creates servers only through its own API: 403 {@code self-service-disabled}. */
public class SelfServiceDisabledException extends RuntimeException {

  public SelfServiceDisabledException() {
    super("Servers are ordered through your provider; the panel does not create them");
  }
}
