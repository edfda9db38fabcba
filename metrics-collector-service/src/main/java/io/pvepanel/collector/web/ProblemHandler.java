package io.pvepanel.collector.web;

import io.pvepanel.proxmox.client.ProxmoxClusterUnavailableException;
import io.pvepanel.proxmox.client.ProxmoxException;
import io.pvepanel.proxmox.client.ProxmoxTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/** Errors as RFC 9457 problems with a stable {@code type}; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  static final String TYPE_BASE = "https://pvepanel.io/problems/";

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "server not found", e.getMessage());
  }

  @ExceptionHandler(InvalidFieldException.class)
  ResponseEntity<ProblemDetail> invalidField(InvalidFieldException e) {
    ResponseEntity<ProblemDetail> response =
        problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage());
    response.getBody().setProperty("field", e.field());
    response
        .getBody()
        .setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
    return response;
  }

  @ExceptionHandler(UnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(UnavailableException e) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "proxmox-unavailable",
        "Proxmox unavailable",
        "The virtualisation cluster is not answering; try again shortly.");
  }

  /** Only long graph ranges reach Proxmox; its wording stays out of the answer. */
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
    return problem(
        HttpStatus.BAD_GATEWAY,
        "proxmox-error",
        "Proxmox error",
        "The virtualisation cluster could not provide the history.");
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(TYPE_BASE + type));
    body.setTitle(title);
    return ResponseEntity.status(status).body(body);
  }
}
