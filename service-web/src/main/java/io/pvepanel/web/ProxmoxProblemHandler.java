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
 * Proxmox faults at the API, without Proxmox's own wording where it could carry internals: the
 * breaker is open (503, answered without a call), Proxmox is too slow (504), unreachable or broken
 * (502); conflicts with the guest's state (already running, locked) are the caller's 409.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProxmoxProblemHandler {

  @ExceptionHandler(ProxmoxException.class)
  ResponseEntity<ProblemDetail> proxmox(ProxmoxException e) {
    if (e instanceof ProxmoxClusterUnavailableException) {
      return Problems.response(
          HttpStatus.SERVICE_UNAVAILABLE,
          "proxmox-unavailable",
          "Proxmox unavailable",
          "The virtualisation cluster is not answering; try again shortly.");
    }
    if (e instanceof ProxmoxTimeoutException) {
      return Problems.response(
          HttpStatus.GATEWAY_TIMEOUT,
          "proxmox-timeout",
          "Proxmox timeout",
          "The virtualisation cluster did not answer in time.");
    }
    if (e instanceof ProxmoxApiException.Conflict c) {
      return Problems.response(
          HttpStatus.CONFLICT, "guest-state", "Conflict with the server's state", c.pveMessage());
    }
    if (e instanceof ProxmoxApiException.Locked) {
      return Problems.response(
          HttpStatus.CONFLICT,
          "guest-locked",
          "Server busy",
          "The server is busy with another task; try again when it has finished.");
    }
    return Problems.response(
        HttpStatus.BAD_GATEWAY,
        "proxmox-error",
        "Proxmox error",
        "The virtualisation cluster could not carry out the request.");
  }
}
