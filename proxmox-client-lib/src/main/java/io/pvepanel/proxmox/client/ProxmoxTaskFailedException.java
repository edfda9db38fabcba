package io.pvepanel.proxmox.client;

/**
 * A task ended with an exit status other than {@code OK} or {@code WARNINGS: n}. The exit status is
 * the task's error text, so the same classification as for synchronous errors applies: {@link
 * #kind()} says whether the guest was locked ({@code CT is locked (snapshot)}), its config file
 * lock timed out (retryable), the guest is gone, or the guest agent is unavailable.
 */
public final class ProxmoxTaskFailedException extends ProxmoxException {
  /** What the exit status says. */
  public enum Kind {
    /** {@code CT is locked (<lock>)} / {@code VM is locked (<lock>)}; see {@link #lock()}. */
    LOCKED,
    /** {@code can't lock file '...' - got timeout}: another operation held the config; retry. */
    LOCK_TIMEOUT,
    /** The guest's config is gone ({@code does not exist}, {@code unable to find ...}). */
    NOT_FOUND,
    /** {@code No QEMU guest agent configured} / {@code QEMU guest agent is not running}. */
    AGENT_UNAVAILABLE,
    /** Anything else, e.g. {@code snapshot feature is not available}. */
    OTHER
  }

  private final Upid upid;
  private final String exitStatus;
  private final Kind kind;

  ProxmoxTaskFailedException(String cluster, Upid upid, String exitStatus) {
    super(
        cluster,
        "task " + upid.type() + " " + upid.id() + " on " + upid.node() + " failed: " + exitStatus,
        null);
    this.upid = upid;
    this.exitStatus = exitStatus;
    this.kind =
        switch (ErrorMapper.classify(exitStatus)) {
          case LOCKED -> Kind.LOCKED;
          case LOCK_TIMEOUT -> Kind.LOCK_TIMEOUT;
          case NOT_FOUND -> Kind.NOT_FOUND;
          case AGENT_NOT_CONFIGURED, AGENT_NOT_RUNNING -> Kind.AGENT_UNAVAILABLE;
          default -> Kind.OTHER;
        };
  }

  public Upid upid() {
    return upid;
  }

  /** The task's {@code exitstatus}, e.g. {@code snapshot feature is not available}. */
  public String exitStatus() {
    return exitStatus;
  }

  /** What the exit status says (locked, lock time-out, gone, agent, other). */
  public Kind kind() {
    return kind;
  }

  /** The config lock for {@link Kind#LOCKED} ({@code snapshot}, {@code backup}, ...), else null. */
  public String lock() {
    return kind == Kind.LOCKED ? ErrorMapper.lockOf(exitStatus) : null;
  }

  /** A lock time-out: starting the same action again shortly may succeed. */
  @Override
  public boolean isRetryable() {
    return kind == Kind.LOCK_TIMEOUT;
  }

  @Override
  public String outcome() {
    return "task_failed";
  }
}
