package io.pvepanel.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * Every error of every service as an RFC 9457 problem with a stable {@code type}, never a stack
 * trace. Bad input names the offending field: bean validation of bodies and parameters, malformed
 * JSON and wrongly typed values (the JSON path Jackson stopped at), and {@link
 * InvalidFieldException}. A service adds its own mappings in an advice ordered before this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class SuiteProblemHandler extends ResponseEntityExceptionHandler {

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return Problems.response(
        HttpStatus.NOT_FOUND, "not-found", e.resource() + " not found", e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConflictException e) {
    return Problems.response(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
    return Problems.response(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
  }

  @ExceptionHandler(QuotaExceededException.class)
  ResponseEntity<ProblemDetail> quota(QuotaExceededException e) {
    ProblemDetail body =
        Problems.problem(HttpStatus.FORBIDDEN, "quota-exceeded", "Quota exceeded", e.getMessage());
    body.setProperty("limit", e.limit());
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  @ExceptionHandler(SuspendedException.class)
  ResponseEntity<ProblemDetail> suspended(SuspendedException e) {
    return Problems.response(
        HttpStatus.FORBIDDEN, "suspended", "Suspended by your provider", e.getMessage());
  }

  @ExceptionHandler(SelfServiceDisabledException.class)
  ResponseEntity<ProblemDetail> selfService(SelfServiceDisabledException e) {
    return Problems.response(
        HttpStatus.FORBIDDEN,
        "self-service-disabled",
        "Ordered through your provider",
        e.getMessage());
  }

  @ExceptionHandler(UnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(UnavailableException e) {
    return Problems.response(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Unavailable", e.getMessage());
  }

  @ExceptionHandler(TooManyRequestsException.class)
  ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
    long seconds = Math.max(1, e.retryAfter().toSeconds());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(
            Problems.problem(
                HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", e.getMessage()));
  }

  @ExceptionHandler(InvalidFieldException.class)
  ResponseEntity<ProblemDetail> invalidField(InvalidFieldException e) {
    return invalid(List.of(Problems.fieldError(e.field(), e.getMessage())));
  }

  /** Parameters of a {@code @Validated} controller, checked by its proxy. */
  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      String field = null;
      for (Path.Node node : v.getPropertyPath()) {
        field = node.getName();
      }
      errors.add(Problems.fieldError(field == null ? "" : field, v.getMessage()));
    }
    errors.sort(Comparator.comparing(m -> m.get("field")));
    return invalid(errors);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
      WebExchangeBindException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (FieldError e : ex.getFieldErrors()) {
      errors.add(Problems.fieldError(e.getField(), message(e)));
    }
    errors.sort(Comparator.comparing(m -> m.get("field")));
    ex.getGlobalErrors()
        .forEach(e -> errors.add(Problems.fieldError(e.getObjectName(), message(e))));
    return Mono.just(ResponseEntity.badRequest().body(Problems.invalidInput(errors)));
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
                      e -> errors.add(Problems.fieldError(name == null ? "" : name, message(e))));
            });
    return Mono.just(ResponseEntity.badRequest().body(Problems.invalidInput(errors)));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    String field = null;
    for (Throwable t = ex; t != null && field == null; t = t.getCause()) {
      if (t instanceof JacksonException jackson) {
        field = path(jackson);
      }
    }
    if (field == null
        && !(ex.getCause() instanceof DecodingException)
        && ex.getMethodParameter() != null) {
      field = ex.getMethodParameter().getParameterName();
    }
    List<Map<String, String>> errors =
        field == null
            ? List.of(Problems.fieldError("body", "is not valid JSON of the expected shape"))
            : List.of(Problems.fieldError(field, "is missing or has the wrong type or format"));
    return Mono.just(ResponseEntity.badRequest().body(Problems.invalidInput(errors)));
  }

  private static ResponseEntity<ProblemDetail> invalid(List<Map<String, String>> errors) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.invalidInput(errors));
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

  private static String message(MessageSourceResolvable e) {
    return e.getDefaultMessage() == null ? "is invalid" : e.getDefaultMessage();
  }
}
