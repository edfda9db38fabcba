package io.pvepanel.notification.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * RFC 9457 problem documents for bad input, naming the offending fields: {@code errors: [{field,
 * message}]}. Spring's defaults (with {@code spring.webflux.problemdetails.enabled}) cover the
 * rest; stack traces never leave the service.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

  static final URI INVALID_REQUEST = URI.create("https://pvepanel.io/problems/invalid-request");

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
      WebExchangeBindException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (FieldError e : ex.getFieldErrors()) {
      errors.add(Map.of("field", e.getField(), "message", message(e)));
    }
    ex.getGlobalErrors()
        .forEach(e -> errors.add(Map.of("field", e.getObjectName(), "message", message(e))));
    return Mono.just(invalid(errors));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<Map<String, String>> errors = new ArrayList<>();
    ex.getParameterValidationResults()
        .forEach(
            r -> {
              String name = r.getMethodParameter().getParameterName();
              r.getResolvableErrors()
                  .forEach(
                      e ->
                          errors.add(
                              Map.of("field", name == null ? "" : name, "message", message(e))));
            });
    return Mono.just(invalid(errors));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    String field =
        ex.getMethodParameter() == null ? "body" : ex.getMethodParameter().getParameterName();
    String message = "malformed or wrongly typed value";
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof JacksonException j) {
        String path = jsonPath(j);
        if (!path.isEmpty()) {
          field = path;
        }
        message = "malformed JSON or a value of the wrong type";
        break;
      }
      if (t instanceof DecodingException) {
        message = "malformed request body";
      }
    }
    if (field == null) {
      field = "body";
    }
    return Mono.just(invalid(List.of(Map.of("field", field, "message", message))));
  }

  private static String jsonPath(JacksonException j) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : j.getPath()) {
      if (ref.getPropertyName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String message(MessageSourceResolvable e) {
    return e.getDefaultMessage() == null ? "is invalid" : e.getDefaultMessage();
  }

  private static ResponseEntity<Object> invalid(List<Map<String, String>> errors) {
    ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    problem.setType(INVALID_REQUEST);
    problem.setTitle("Invalid request");
    StringBuilder detail = new StringBuilder("Invalid ");
    for (int i = 0; i < errors.size(); i++) {
      detail.append(i == 0 ? "" : ", ").append(errors.get(i).get("field"));
    }
    problem.setDetail(errors.isEmpty() ? "Invalid request" : detail.append('.').toString());
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest()
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
