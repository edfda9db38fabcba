package io.pvepanel.web;

/** A request field whose value breaks a rule that bean validation cannot express. */
public class InvalidFieldException extends RuntimeException {

  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
