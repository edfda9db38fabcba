package io.pvepanel.proxmox.client;

import java.util.Map;

/**
 * The cluster answered with an HTTP error status. The message is the JSON body's {@code message}
 * (PVE ≥ 8.4) or else the HTTP reason phrase (PVE ≤ 8.3 only sends the reason phrase).
 */
public abstract sealed class ProxmoxApiException extends ProxmoxException
    permits ProxmoxApiException.BadRequest,
        ProxmoxApiException.Unauthorized,
        ProxmoxApiException.Forbidden,
        ProxmoxApiException.NotFound,
        ProxmoxApiException.Locked,
        ProxmoxApiException.Conflict,
        ProxmoxApiException.AgentUnavailable,
        ProxmoxApiException.ProxyError,
        ProxmoxApiException.ServerError {

  private final int status;
  private final String endpoint;
  private final String pveMessage;

  ProxmoxApiException(String cluster, int status, String endpoint, String pveMessage) {
    super(cluster, status + " " + pveMessage + " [" + endpoint + " on " + cluster + "]", null);
    this.status = status;
    this.endpoint = endpoint;
    this.pveMessage = pveMessage;
  }

  /** HTTP status code (including PVE's proxy pseudo codes 595/596/597/599). */
  public int status() {
    return status;
  }

  /** Endpoint template, e.g. {@code /nodes/{node}/lxc/{vmid}/status/start}. */
  public String endpoint() {
    return endpoint;
  }

  /** Proxmox's own error text, trailing newline removed. */
  public String pveMessage() {
    return pveMessage;
  }

  @Override
  public String outcome() {
    return status >= 500 ? "server_error" : "client_error";
  }

  /** 400: parameter verification failed; {@link #fieldErrors()} maps parameter to problem. */
  public static final class BadRequest extends ProxmoxApiException {
    private final Map<String, String> fieldErrors;

    BadRequest(
        String cluster, int status, String endpoint, String msg, Map<String, String> fieldErrors) {
      super(cluster, status, endpoint, msg + describe(fieldErrors));
      this.fieldErrors = Map.copyOf(fieldErrors);
    }

    private static String describe(Map<String, String> errors) {
      return errors.isEmpty() ? "" : " " + errors;
    }

    public Map<String, String> fieldErrors() {
      return fieldErrors;
    }
  }

  /** 401: missing, wrong or expired credentials (also an invalid CSRF token). */
  public static final class Unauthorized extends ProxmoxApiException {
    Unauthorized(String cluster, int status, String endpoint, String msg) {
      super(cluster, status, endpoint, msg);
    }
  }

  /**
   * 403 (pve-common {@code PVE::Exception::raise_perm_exc}, pve-access-control {@code
   * RPCEnvironment.pm} {@code check}/{@code check_any}): the token or user may not do this. {@link
   * #kind()} says which form: {@code Permission check failed (/vms/101, VM.PowerMgmt)} is a {@link
   * Kind#MISSING_PRIVILEGE} with {@link #aclPath()} {@code /vms/101} and {@link #privileges()}
   * [VM.PowerMgmt] ({@code A|B} = any one of them would do); {@code (user != root@pam)} or {@code
   * (... only allowed for root@pam)} is {@link Kind#ROOT_ONLY}; {@code URI '...' not available with
   * API token, need proper ticket.} is {@link Kind#TOKEN_NOT_ALLOWED}. Never retryable: an ACL has
   * to change.
   */
  public static final class Forbidden extends ProxmoxApiException {
    /** What Proxmox refused. */
    public enum Kind {
      MISSING_PRIVILEGE,
      ROOT_ONLY,
      TOKEN_NOT_ALLOWED,
      OTHER
    }

    private static final java.util.regex.Pattern MISSING =
        java.util.regex.Pattern.compile("^Permission check failed \\((/[^,)]*), ([A-Za-z.|]+)\\)");

    private final Kind kind;
    private final String aclPath;
    private final java.util.List<String> privileges;

    Forbidden(String cluster, int status, String endpoint, String msg) {
      super(cluster, status, endpoint, msg);
      java.util.regex.Matcher m = MISSING.matcher(msg);
      if (m.find()) {
        kind = Kind.MISSING_PRIVILEGE;
        aclPath = m.group(1);
        privileges = java.util.List.of(m.group(2).split("\\|"));
      } else {
        aclPath = null;
        privileges = java.util.List.of();
        if (msg.contains("root@pam")) {
          kind = Kind.ROOT_ONLY;
        } else if (msg.contains("not available with API token")) {
          kind = Kind.TOKEN_NOT_ALLOWED;
        } else {
          kind = Kind.OTHER;
        }
      }
    }

    public Kind kind() {
      return kind;
    }

    /** The ACL path checked, e.g. {@code /vms/101} or {@code /storage/local-lvm}; else null. */
    public String aclPath() {
      return aclPath;
    }

    /** The privilege(s) missing there (one of them would do when several); else empty. */
    public java.util.List<String> privileges() {
      return privileges;
    }
  }

  /** The guest, snapshot, node or task does not exist ({@code ... does not exist}). */
  public static final class NotFound extends ProxmoxApiException {
    NotFound(String cluster, int status, String endpoint, String msg) {
      super(cluster, status, endpoint, msg);
    }
  }

  /**
   * The guest is locked: either its config carries a lock ({@code CT is locked (backup)}; {@link
   * #lock()} = backup), or the per-guest config file lock could not be taken in time ({@code can't
   * lock file '/run/lock/lxc/pve-config-101.lock' - got timeout}; {@link #isFileLockTimeout()},
   * {@link #lock()} null). A file-lock time-out is {@linkplain #isRetryable() retryable}: GETs are
   * retried like proxy errors, a POST should be tried again shortly by the caller.
   */
  public static final class Locked extends ProxmoxApiException {
    private final String lock;
    private final boolean fileLockTimeout;

    Locked(
        String cluster,
        int status,
        String endpoint,
        String msg,
        String lock,
        boolean fileLockTimeout) {
      super(cluster, status, endpoint, msg);
      this.lock = lock;
      this.fileLockTimeout = fileLockTimeout;
    }

    /** The config lock ({@code backup}, {@code snapshot}, ...); null for a file-lock time-out. */
    public String lock() {
      return lock;
    }

    /** Whether this is the short-lived file lock's time-out rather than a config lock. */
    public boolean isFileLockTimeout() {
      return fileLockTimeout;
    }

    @Override
    public boolean isRetryable() {
      return fileLockTimeout;
    }
  }

  /**
   * QEMU guest agent calls: no agent configured ({@code No QEMU guest agent configured}) or the
   * agent is configured but not answering ({@code QEMU guest agent is not running}) — the VM itself
   * may be running. ({@code VM n is not running} stays a {@link Conflict} {@code NOT_RUNNING}.)
   */
  public static final class AgentUnavailable extends ProxmoxApiException {
    private final boolean configured;

    AgentUnavailable(String cluster, int status, String endpoint, String msg, boolean configured) {
      super(cluster, status, endpoint, msg);
      this.configured = configured;
    }

    /** True when the agent is configured but not running in the guest. */
    public boolean isConfigured() {
      return configured;
    }
  }

  /** The guest is already in (or not in) the state the operation needs, or the id is taken. */
  public static final class Conflict extends ProxmoxApiException {
    /** What kind of conflict Proxmox reported. */
    public enum Kind {
      ALREADY_RUNNING,
      NOT_RUNNING,
      ALREADY_EXISTS
    }

    private final Kind kind;

    Conflict(String cluster, int status, String endpoint, String msg, Kind kind) {
      super(cluster, status, endpoint, msg);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /**
   * 595/596/597/599 (pveproxy could not reach the node or pvedaemon, incl. its 30 s timeout) and
   * 502/503/504 from a gateway in front of the cluster. Counts against the circuit breaker.
   */
  public static final class ProxyError extends ProxmoxApiException {
    ProxyError(String cluster, int status, String endpoint, String msg) {
      super(cluster, status, endpoint, msg);
    }

    @Override
    public String outcome() {
      return "proxy_error";
    }

    @Override
    public boolean isClusterHealthFailure() {
      return true;
    }
  }

  /** Any other error status, typically a 500 raised by a handler or a 501 unknown route. */
  public static final class ServerError extends ProxmoxApiException {
    ServerError(String cluster, int status, String endpoint, String msg) {
      super(cluster, status, endpoint, msg);
    }
  }
}
