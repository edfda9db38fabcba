package io.pvepanel.proxmox.client;

/**
 * The node SSH path failed: connection, host key not matching the pinned fingerprint ({@link
 * #isHostKeyRejected()}), authentication, or the remote command exiting non-zero ({@link
 * #exitStatus()} and {@link #stderr()}). The password is never part of the message.
 */
public final class ProxmoxSshException extends ProxmoxException {
  private final Integer exitStatus;
  private final String stderr;
  private final boolean hostKeyRejected;

  ProxmoxSshException(
      String cluster,
      String message,
      Throwable cause,
      Integer exitStatus,
      String stderr,
      boolean hostKeyRejected) {
    super(cluster, message, cause);
    this.exitStatus = exitStatus;
    this.stderr = stderr;
    this.hostKeyRejected = hostKeyRejected;
  }

  /** Exit status of the remote command, null when it did not run to completion. */
  public Integer exitStatus() {
    return exitStatus;
  }

  /** Standard error of the remote command (empty when none). */
  public String stderr() {
    return stderr;
  }

  public boolean isHostKeyRejected() {
    return hostKeyRejected;
  }

  @Override
  public String outcome() {
    return "ssh_error";
  }
}
