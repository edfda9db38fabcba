package io.pvepanel.alerting.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * RFC 9457 problem documents for every error, naming the offending field: validation errors carry
 * {@code errors: [{field, message}]} and {@code field} (the first one); malformed JSON and wrong
 * types carry {@code field} (the JSON path Jackson stopped at, or {@code body}).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  static final URI INVALID_REQUEST = URI.create("https://pvepanel.io/problems/invalid-request");

  static ProblemDetail fieldProblem(String field, String message) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
    problem.setType(INVALID_REQUEST);
    problem.setTitle("Invalid request");
    problem.setProperty("field", field);
    problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
    return problem;
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
      WebExchangeBindException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (FieldError error : ex.getFieldErrors()) {
      errors.add(
          Map.of(
              "field",
              error.getField(),
              "message",
              error.getDefaultMessage() == null ? "invalid" : error.getDefaultMessage()));
    }
    errors.sort((a, b) -> a.get("field").compareTo(b.get("field")));
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
    problem.setType(INVALID_REQUEST);
    problem.setTitle("Invalid request");
    if (!errors.isEmpty()) {
      problem.setProperty("field", errors.get(0).get("field"));
    }
    problem.setProperty("errors", errors);
    return Mono.just(ResponseEntity.badRequest().body(problem));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    String field = "body";
    String message = "The request body is not valid JSON of the expected shape.";
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof JacksonException jackson) {
        String path = path(jackson);
        if (path != null) {
          field = path;
          message = "Field '" + path + "' has the wrong type or format.";
        }
        break;
      }
    }
    if ("body".equals(field)
        && !(ex.getCause() instanceof DecodingException)
        && ex.getMethodParameter() != null
        && ex.getMethodParameter().getParameterName() != null) {
      field = ex.getMethodParameter().getParameterName();
      message = "Parameter '" + field + "' has the wrong type or format.";
    }
    return Mono.just(ResponseEntity.badRequest().body(fieldProblem(field, message)));
  }

  private static String path(JacksonException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
