package io.pvepanel.web;

import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClusterUnavailableException;
import io.pvepanel.proxmox.client.ProxmoxException;
import io.pvepanel.proxmox.client.ProxmoxTimeoutException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Proxmox faults at the API, in the words of {@link ProxmoxFaults}: the breaker is open (503,
 * answered without a call), Proxmox is too slow (504), unreachable or broken (502); conflicts with
 * the guest's state (already running, locked, no guest agent) are the caller's 409.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProxmoxProblemHandler {

  @ExceptionHandler(ProxmoxException.class)
  ResponseEntity<ProblemDetail> proxmox(ProxmoxException e) {
    String detail = ProxmoxFaults.describe(e);
    if (e instanceof ProxmoxClusterUnavailableException) {
      return Problems.response(
          HttpStatus.SERVICE_UNAVAILABLE, "proxmox-unavailable", "Proxmox unavailable", detail);
    }
    if (e instanceof ProxmoxTimeoutException) {
      return Problems.response(
          HttpStatus.GATEWAY_TIMEOUT, "proxmox-timeout", "Proxmox timeout", detail);
    }
    if (e instanceof ProxmoxApiException.Conflict) {
      return Problems.response(
          HttpStatus.CONFLICT, "guest-state", "Conflict with the server's state", detail);
    }
    if (e instanceof ProxmoxApiException.Locked) {
      return Problems.response(HttpStatus.CONFLICT, "guest-locked", "Server busy", detail);
    }
    if (e instanceof ProxmoxApiException.AgentUnavailable) {
      return Problems.response(
          HttpStatus.CONFLICT, "guest-agent", "Guest agent unavailable", detail);
    }
    return Problems.response(HttpStatus.BAD_GATEWAY, "proxmox-error", "Proxmox error", detail);
  }
}
