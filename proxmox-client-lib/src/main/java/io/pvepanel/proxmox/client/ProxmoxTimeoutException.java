package io.pvepanel.proxmox.client;

/**
 * A bound was exceeded: connect or response timeout of an HTTP call, an SSH timeout, or the
 * caller's bound in {@link ProxmoxClient#awaitTask}.
 */
public final class ProxmoxTimeoutException extends ProxmoxException {
  private final boolean taskStillRunning;

  ProxmoxTimeoutException(String cluster, String message, Throwable cause, boolean taskRunning) {
    super(cluster, message, cause);
    this.taskStillRunning = taskRunning;
  }

  /** True when {@code awaitTask} gave up while the task was still running on the node. */
  public boolean isTaskStillRunning() {
    return taskStillRunning;
  }

  @Override
  public String outcome() {
    return "timeout";
  }

  @Override
  public boolean isClusterHealthFailure() {
    return !taskStillRunning;
  }
}
