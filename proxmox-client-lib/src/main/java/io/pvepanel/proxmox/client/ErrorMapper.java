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
  // PVE::Tools::lock_file_full (pve-common): "can't lock file '<path>' - got timeout" after the
  // flock wait (10 s, 5 s for create); "can't acquire lock '<path>' - <errno text>" otherwise.
  private static final Pattern FILE_LOCK =
      Pattern.compile("can't lock file '[^']*' - got timeout|can't acquire lock '[^']*'");

  /** What a Proxmox error text (sync message or task exit status) says, status aside. */
  enum Kind {
    LOCKED,
    LOCK_TIMEOUT,
    NOT_FOUND,
    AGENT_NOT_CONFIGURED,
    AGENT_NOT_RUNNING,
    ALREADY_RUNNING,
    NOT_RUNNING,
    ALREADY_EXISTS,
    OTHER
  }

  /** Classifies a message; order matters ("QEMU guest agent is not running" is not NOT_RUNNING). */
  static Kind classify(String msg) {
    if (msg == null) {
      return Kind.OTHER;
    }
    if (LOCKED.matcher(msg).find()) {
      return Kind.LOCKED;
    }
    if (FILE_LOCK.matcher(msg).find()) {
      return Kind.LOCK_TIMEOUT;
    }
    // qemu-server PVE/QemuServer/Agent.pm assert_agent_available
    if (msg.startsWith("No QEMU guest agent configured")) {
      return Kind.AGENT_NOT_CONFIGURED;
    }
    if (msg.startsWith("QEMU guest agent is not running")) {
      return Kind.AGENT_NOT_RUNNING;
    }
    // pve-guest-common load_config: "Configuration file '...' does not exist"; qemu-server
    // QemuConfig.pm assert_config_exists_on_node: "unable to find configuration file for VM n on
    // node 'x'"
    if (msg.contains("does not exist")
        || msg.startsWith("no such ")
        || msg.startsWith("unable to find configuration file")) {
      return Kind.NOT_FOUND;
    }
    if (msg.contains("already running")) {
      return Kind.ALREADY_RUNNING;
    }
    if (msg.contains("not running")) {
      return Kind.NOT_RUNNING;
    }
    if (msg.contains("already exists")) {
      return Kind.ALREADY_EXISTS;
    }
    return Kind.OTHER;
  }

  /** The lock named in {@code CT is locked (snapshot)}, else null. */
  static String lockOf(String msg) {
    Matcher m = msg == null ? null : LOCKED.matcher(msg);
    return m != null && m.find() ? m.group(1) : null;
  }

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
    return switch (classify(msg)) {
      case LOCKED ->
          new ProxmoxApiException.Locked(cluster, status, endpoint, msg, lockOf(msg), false);
      case LOCK_TIMEOUT ->
          new ProxmoxApiException.Locked(cluster, status, endpoint, msg, null, true);
      case AGENT_NOT_CONFIGURED ->
          new ProxmoxApiException.AgentUnavailable(cluster, status, endpoint, msg, false);
      case AGENT_NOT_RUNNING ->
          new ProxmoxApiException.AgentUnavailable(cluster, status, endpoint, msg, true);
      case NOT_FOUND -> new ProxmoxApiException.NotFound(cluster, status, endpoint, msg);
      case ALREADY_RUNNING ->
          conflict(
              cluster, status, endpoint, msg, ProxmoxApiException.Conflict.Kind.ALREADY_RUNNING);
      case NOT_RUNNING ->
          conflict(cluster, status, endpoint, msg, ProxmoxApiException.Conflict.Kind.NOT_RUNNING);
      case ALREADY_EXISTS ->
          conflict(
              cluster, status, endpoint, msg, ProxmoxApiException.Conflict.Kind.ALREADY_EXISTS);
      case OTHER -> new ProxmoxApiException.ServerError(cluster, status, endpoint, msg);
    };
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
