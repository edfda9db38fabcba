package io.pvepanel.proxmox.client;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;

/** Turns HTTP error answers and transport failures into the typed hierarchy. */
final class ErrorMapper {
  private static final Pattern LOCKED = Pattern.compile("is locked \\(([^)]*)\\)");

  private ErrorMapper() {}

  static ProxmoxApiException fromResponse(
      String cluster, String endpoint, int status, String reasonPhrase, byte[] body) {
    ProxmoxCodec.ErrorBody parsed = ProxmoxCodec.decodeError(body);
    String msg = parsed.message();
    if (msg == null || msg.isBlank()) {
      // PVE <= 8.3 only puts the error text into the reason phrase.
      msg = reasonPhrase;
    }
    if (msg == null || msg.isBlank()) {
      HttpStatus known = HttpStatus.resolve(status);
      msg = known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
    msg = msg.strip();
    Map<String, String> fields = parsed.errors();
    if (status == 400) {
      return new ProxmoxApiException.BadRequest(cluster, status, endpoint, msg, fields);
    }
    if (status == 401) {
      return new ProxmoxApiException.Unauthorized(cluster, status, endpoint, msg);
    }
    if (status == 403) {
      return new ProxmoxApiException.Forbidden(cluster, status, endpoint, msg);
    }
    if (status == 502 || status == 503 || status == 504 || status >= 595) {
      return new ProxmoxApiException.ProxyError(cluster, status, endpoint, msg);
    }
    Matcher locked = LOCKED.matcher(msg);
    if (locked.find()) {
      return new ProxmoxApiException.Locked(cluster, status, endpoint, msg, locked.group(1));
    }
    if (msg.contains("does not exist") || msg.startsWith("no such ")) {
      return new ProxmoxApiException.NotFound(cluster, status, endpoint, msg);
    }
    if (msg.contains("already running")) {
      return conflict(
          cluster, status, endpoint, msg, ProxmoxApiException.Conflict.Kind.ALREADY_RUNNING);
    }
    if (msg.contains("not running")) {
      return conflict(
          cluster, status, endpoint, msg, ProxmoxApiException.Conflict.Kind.NOT_RUNNING);
    }
    if (msg.contains("already exists")) {
      return conflict(
          cluster, status, endpoint, msg, ProxmoxApiException.Conflict.Kind.ALREADY_EXISTS);
    }
    return new ProxmoxApiException.ServerError(cluster, status, endpoint, msg);
  }

  private static ProxmoxApiException conflict(
      String cluster,
      int status,
      String endpoint,
      String msg,
      ProxmoxApiException.Conflict.Kind k) {
    return new ProxmoxApiException.Conflict(cluster, status, endpoint, msg, k);
  }

  /** Maps anything that is not already a {@link ProxmoxException}. */
  static ProxmoxException fromThrowable(String cluster, String endpoint, Throwable error) {
    if (error instanceof ProxmoxException pe) {
      return pe;
    }
    String where = " [" + endpoint + " on " + cluster + "]";
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ReadTimeoutException
          || t instanceof ConnectTimeoutException
          || t instanceof TimeoutException
          || t instanceof io.netty.handler.timeout.TimeoutException) {
        return new ProxmoxTimeoutException(
            cluster, "timed out (" + t.getClass().getSimpleName() + ")" + where, error, false);
      }
      if (t instanceof DataBufferLimitException) {
        return new ProxmoxTransportException(
            cluster, "response body exceeds the configured size cap" + where, error, true);
      }
      if (t instanceof JacksonException) {
        return new ProxmoxTransportException(
            cluster, "unparseable response body" + where, t, false);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new ProxmoxTransportException(
        cluster,
        "transport failure: " + root.getClass().getSimpleName() + ": " + root.getMessage() + where,
        error,
        false);
  }
}
