package io.pvepanel.web;

/** The caller is known but lacks the role the action needs (e.g. catalog changes: admins). */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String message) {
    super(message);
  }
}
