package io.pvepanel.proxmox.client;

/**
 * No usable HTTP response: connection refused/reset, TLS failure (including a certificate that does
 * not match the pinned fingerprint), truncated or unparseable body, or a body above the configured
 * size cap ({@link #isResponseTooLarge()}).
 */
public final class ProxmoxTransportException extends ProxmoxException {
  private final boolean responseTooLarge;

  ProxmoxTransportException(
      String cluster, String message, Throwable cause, boolean responseTooLarge) {
    super(cluster, message, cause);
    this.responseTooLarge = responseTooLarge;
  }

  public boolean isResponseTooLarge() {
    return responseTooLarge;
  }

  @Override
  public String outcome() {
    return "transport_error";
  }

  @Override
  public boolean isClusterHealthFailure() {
    // A too-large or malformed body is an answer, not a sign the cluster is down.
    return !responseTooLarge && !(getCause() instanceof tools.jackson.core.JacksonException);
  }
}
