package io.pvepanel.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The suite's RFC 9457 problems: {@code type} is {@code https://pvepanel.io/problems/<slug>}, a
 * stable title, a human detail; bad input adds {@code field} (the first offender) and {@code
 * errors: [{field, message}]}.
 */
public final class Problems {

  public static final String TYPE_BASE = "https://pvepanel.io/problems/";

  private Problems() {}

  public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  public static ResponseEntity<ProblemDetail> response(
      HttpStatus status, String type, String title, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem(status, type, title, detail));
  }

  /** 400 naming the offending fields, in the order given. */
  public static ProblemDetail invalidInput(List<Map<String, String>> errors) {
    String detail =
        errors.isEmpty()
            ? "The request is invalid."
            : errors.get(0).get("field") + " " + errors.get(0).get("message");
    ProblemDetail problem =
        problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail);
    if (!errors.isEmpty()) {
      problem.setProperty("field", errors.get(0).get("field"));
    }
    problem.setProperty("errors", errors);
    return problem;
  }

  public static Map<String, String> fieldError(String field, String message) {
    return Map.of("field", field, "message", message);
  }
}
