package io.pvepanel.control.web;

import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClusterUnavailableException;
import io.pvepanel.proxmox.client.ProxmoxException;
import io.pvepanel.proxmox.client.ProxmoxTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * Every error of the API as an RFC 9457 problem with a stable {@code type}; bad input names the
 * offending field in {@code field} (the first) and {@code errors} (all of them). Never a stack
 * trace.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  public static final String TYPE_BASE = "https://pvepanel.io/problems/";

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", e.resource() + " not found", e.getMessage());
  }

  /**
   * Proxmox faults, without Proxmox's own wording where it could carry internals: the breaker is
   * open (503, fast), Proxmox is unreachable or broken (502), or too slow (504); conflicts with the
   * guest's state (already running, locked) are the caller's 409.
   */
  @ExceptionHandler(ProxmoxException.class)
  ResponseEntity<ProblemDetail> proxmox(ProxmoxException e) {
    if (e instanceof ProxmoxClusterUnavailableException) {
      return problem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "proxmox-unavailable",
          "Proxmox unavailable",
          "The virtualisation cluster is not answering; try again shortly.");
    }
    if (e instanceof ProxmoxTimeoutException) {
      return problem(
          HttpStatus.GATEWAY_TIMEOUT,
          "proxmox-timeout",
          "Proxmox timeout",
          "The virtualisation cluster did not answer in time.");
    }
    if (e instanceof ProxmoxApiException.Conflict c) {
      return problem(
          HttpStatus.CONFLICT, "guest-state", "Conflict with the server's state", c.pveMessage());
    }
    if (e instanceof ProxmoxApiException.Locked) {
      return problem(
          HttpStatus.CONFLICT,
          "guest-locked",
          "Server busy",
          "The server is busy with another task; try again when it has finished.");
    }
    return problem(
        HttpStatus.BAD_GATEWAY,
        "proxmox-error",
        "Proxmox error",
        "The virtualisation cluster could not carry out the request.");
  }

  @ExceptionHandler(TooManyRequestsException.class)
  ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
    long seconds = Math.max(1, e.retryAfter().toSeconds());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(
            typed(
                ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()),
                "rate-limited",
                "Too many requests"));
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
    return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConflictException e) {
    return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
  }

  @ExceptionHandler(InvalidFieldException.class)
  ResponseEntity<ProblemDetail> invalidField(InvalidFieldException e) {
    ResponseEntity<ProblemDetail> response =
        problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage());
    withFields(response.getBody(), List.of(Map.of("field", e.field(), "message", e.getMessage())));
    return response;
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
      WebExchangeBindException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<Map<String, String>> errors =
        ex.getFieldErrors().stream()
            .map(
                (FieldError f) ->
                    Map.of(
                        "field",
                        f.getField(),
                        "message",
                        f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage()))
            .toList();
    ProblemDetail body =
        typed(
            ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                errors.isEmpty()
                    ? "The request is invalid."
                    : errors.get(0).get("field") + " " + errors.get(0).get("message")),
            "invalid-input",
            "Invalid input");
    withFields(body, errors);
    return Mono.just(ResponseEntity.badRequest().body(body));
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    String field = fieldOf(ex);
    String detail =
        field == null
            ? "The request body is not valid JSON of the expected shape."
            : field + " is missing or has the wrong type or format";
    ProblemDetail body =
        typed(
            ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail),
            "invalid-input",
            "Invalid input");
    if (field != null) {
      withFields(
          body,
          List.of(Map.of("field", field, "message", "is missing or has the wrong type or format")));
    }
    return Mono.just(ResponseEntity.badRequest().body(body));
  }

  private static String fieldOf(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof JacksonException je && !je.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : je.getPath()) {
          if (ref.getPropertyName() != null) {
            path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
          } else if (ref.getIndex() >= 0) {
            path.append('[').append(ref.getIndex()).append(']');
          }
        }
        return path.isEmpty() ? null : path.toString();
      }
      if (t instanceof DecodingException && t.getCause() == null) {
        return null;
      }
    }
    if (ex instanceof ServerWebInputException swi
        && swi.getMethodParameter() != null
        && swi.getMethodParameter().getParameterName() != null
        && !(swi.getCause() instanceof DecodingException)) {
      return swi.getMethodParameter().getParameterName();
    }
    return null;
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String type, String title, String detail) {
    return ResponseEntity.status(status)
        .body(typed(ProblemDetail.forStatusAndDetail(status, detail), type, title));
  }

  private static ProblemDetail typed(ProblemDetail problem, String type, String title) {
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  private static void withFields(ProblemDetail problem, List<Map<String, String>> errors) {
    if (!errors.isEmpty()) {
      problem.setProperty("field", errors.get(0).get("field"));
      problem.setProperty("errors", errors);
    }
  }
}
