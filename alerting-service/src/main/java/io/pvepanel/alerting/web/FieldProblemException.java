package io.pvepanel.alerting.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A 400 about one request field, rendered as problem+json with {@code field} and {@code errors}.
 */
public class FieldProblemException extends ErrorResponseException {

  public FieldProblemException(String field, String message) {
    super(HttpStatus.BAD_REQUEST, ProblemHandler.fieldProblem(field, message), null);
  }

  public String field() {
    return (String) getBody().getProperties().get("field");
  }
}
