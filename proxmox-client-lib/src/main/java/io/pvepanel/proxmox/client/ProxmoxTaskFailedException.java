package io.pvepanel.proxmox.client;

/** A task ended with an exit status other than {@code OK} or {@code WARNINGS: n}. */
public final class ProxmoxTaskFailedException extends ProxmoxException {
  private final Upid upid;
  private final String exitStatus;

  ProxmoxTaskFailedException(String cluster, Upid upid, String exitStatus) {
    super(
        cluster,
        "task " + upid.type() + " " + upid.id() + " on " + upid.node() + " failed: " + exitStatus,
        null);
    this.upid = upid;
    this.exitStatus = exitStatus;
  }

  public Upid upid() {
    return upid;
  }

  /** The task's {@code exitstatus}, e.g. {@code snapshot feature is not available}. */
  public String exitStatus() {
    return exitStatus;
  }

  @Override
  public String outcome() {
    return "task_failed";
  }
}
