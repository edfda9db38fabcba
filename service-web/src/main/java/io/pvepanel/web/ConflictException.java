package io.pvepanel.web;

/** The request cannot be applied in the resource's current state (e.g. an operation runs). */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
