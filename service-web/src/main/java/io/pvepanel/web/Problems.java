package io.pvepanel.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The suite's RFC 9457 problems: {@code type} is {@code https://pvepanel.io/problems/<slug>}, a
 * stable title, a human detail; bad input adds {@code field} (the first offender) and {@code
 * errors: [{field, message}]}.
 *
 * <p>Controllers return {@link #problem}/{@link #response}; code outside a controller (web filters,
 * error and security handlers, the gateway's own errors) writes with {@link #write}, the suite's
 * one problem+json writer.
 */
public final class Problems {

  public static final String TYPE_BASE = "https://pvepanel.io/problems/";

  private static final JsonMapper JSON = JsonMapper.builder().build();

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

  /**
   * Writes a problem straight to the response ({@code type}, {@code title}, {@code status}, {@code
   * detail}, {@code instance} = the request path), with {@code Cache-Control: no-store}; nothing if
   * the response is already committed. Headers set before (e.g. {@code WWW-Authenticate}, {@code
   * Retry-After}) are kept. Never carries a stack trace or an exception message.
   */
  public static Mono<Void> write(
      ServerWebExchange exchange, HttpStatusCode status, String type, String title, String detail) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(status);
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
    headers.remove(HttpHeaders.CONTENT_LENGTH);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + type);
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", exchange.getRequest().getPath().value());
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
