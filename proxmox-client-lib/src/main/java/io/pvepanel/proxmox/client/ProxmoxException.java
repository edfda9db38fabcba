package io.pvepanel.proxmox.client;

/**
 * Root of every error the client emits. The hierarchy is sealed so callers can switch over it
 * exhaustively. Messages never contain credentials (tokens, tickets, passwords).
 */
public abstract sealed class ProxmoxException extends RuntimeException
    permits ProxmoxApiException,
        ProxmoxTransportException,
        ProxmoxTimeoutException,
        ProxmoxClusterUnavailableException,
        ProxmoxTaskFailedException,
        ProxmoxSshException,
        ProxmoxConfigurationException {

  private final String cluster;

  ProxmoxException(String cluster, String message, Throwable cause) {
    super(message, cause);
    this.cluster = cluster;
  }

  /** Name of the configured cluster the call went to. */
  public String cluster() {
    return cluster;
  }

  /** Value of the {@code outcome} metric tag for this failure. */
  public abstract String outcome();

  /**
   * Whether the failure says something about the cluster's health (transport, proxy, timeout,
   * gateway errors) rather than about the request; only these trip the circuit breaker.
   */
  public boolean isClusterHealthFailure() {
    return false;
  }

  /**
   * Whether trying the same call again shortly may succeed: every cluster-health failure, and a
   * guest's file-lock time-out. GETs are retried on these; for other methods it is the caller's
   * choice.
   */
  public boolean isRetryable() {
    return isClusterHealthFailure();
  }
}
