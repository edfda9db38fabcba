package io.pvepanel.control.operation;

import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.proxmox.client.GuestType;
import java.util.Map;

/**
 * Every kind of operation and what the panel knows about it without running it: its name in the
 * API, events and audit log; the status a server has while it runs and after it succeeded (per
 * guest type); whether it needs a running guest; and how it resumes after a restart of the service.
 * What an operation does in Proxmox is its {@link OperationHandler}'s.
 */
public enum OperationKind {
  START("start", Resume.FOLLOW_TASK, false),
  STOP("stop", Resume.FOLLOW_TASK, true),
  SHUTDOWN("shutdown", Resume.FOLLOW_TASK, true),
  REBOOT("reboot", Resume.FOLLOW_TASK, true),
  SUSPEND("suspend", Resume.FOLLOW_TASK, true),
  RESUME("resume", Resume.FOLLOW_TASK, false),
  SNAPSHOT_CREATE("snapshot.create", Resume.FOLLOW_TASK, false),
  SNAPSHOT_RESTORE("snapshot.restore", Resume.FOLLOW_TASK, false),
  SNAPSHOT_DELETE("snapshot.delete", Resume.FOLLOW_TASK, false),
  PASSWORD_CHANGE("password.change", Resume.FAIL, true),
  CREATE("create", Resume.CLEAN_UP, false),
  DELETE("delete", Resume.FOLLOW_TASK, false),
  /** The provider suspends a server (billing): its guest is stopped, customer actions refused. */
  PROVIDER_SUSPEND("provider.suspend", Resume.FOLLOW_TASK, false),
  /**
   * The provider lifts a suspension; the guest is started again when asked ({@link #START_AFTER}).
   */
  PROVIDER_UNSUSPEND("provider.unsuspend", Resume.FOLLOW_TASK, false),
  /** Another plan: cores, memory and swap at once (live), then the disk grows when it must. */
  RESIZE("resize", Resume.FOLLOW_TASK, false),
  /** The provider hands a server to another customer; nothing changes in Proxmox. */
  PROVIDER_TRANSFER("provider.transfer", Resume.FOLLOW_TASK, false),
  /** The provider records an existing guest as a customer's server; nothing changes in Proxmox. */
  PROVIDER_ADOPT("provider.adopt", Resume.FOLLOW_TASK, false);

  /**
   * Parameter of {@link #SNAPSHOT_RESTORE} and {@link #PROVIDER_UNSUSPEND}: whether the guest is
   * started again afterwards.
   */
  public static final String START_AFTER = "startAfter";

  /** How an operation left unfinished by a stopped instance is ended. */
  public enum Resume {
    /**
     * A task Proxmox accepted is followed to its end and the operation's later steps run; a step
     * whose task was never recorded is repeated when the step is safe to repeat, else the operation
     * fails once it is {@code abandoned-after} old.
     */
    FOLLOW_TASK,
    /**
     * Nothing to follow (no Proxmox task); an interrupted operation fails once abandoned: its
     * outcome reached nobody.
     */
    FAIL,
    /**
     * As {@link #FOLLOW_TASK}, and a failure, or an interruption before the first task was
     * recorded, removes whatever the operation made in Proxmox and the server's record.
     */
    CLEAN_UP
  }

  private final String wire;
  private final Resume resume;
  private final boolean needsRunningGuest;

  OperationKind(String wire, Resume resume, boolean needsRunningGuest) {
    this.wire = wire;
    this.resume = resume;
    this.needsRunningGuest = needsRunningGuest;
  }

  /** The name in the API, events and the database. */
  public String wire() {
    return wire;
  }

  /** The action the audit log records for this kind. */
  public String auditName() {
    return wire;
  }

  public Resume resume() {
    return resume;
  }

  /**
   * Whether the guest must be running: checked before the operation's first call, so the customer
   * gets one clear conflict instead of whatever the failing call would say.
   */
  public boolean needsRunningGuest() {
    return needsRunningGuest;
  }

  /** The status a server has while an operation of this kind runs; null: it keeps its status. */
  public ServerStatus statusWhileRunning() {
    return switch (this) {
      case CREATE -> ServerStatus.CREATING;
      case DELETE -> ServerStatus.DELETING;
      default -> null;
    };
  }

  /**
   * The status a server has once an operation of this kind succeeded; null: unchanged.
   *
   * <p>An LXC {@code suspend} is a CRIU checkpoint that leaves the container stopped (pve-container
   * {@code src/PVE/API2/LXC/Status.pm}, vm_suspend); a QEMU suspend to RAM leaves it paused
   * (qemu-server {@code PVE/API2/Qemu.pm}, vm_suspend). A restore leaves the guest as it was before
   * (started again when it ran).
   */
  public ServerStatus statusAfter(GuestType type, Map<String, String> params) {
    return switch (this) {
      case START, REBOOT, RESUME, CREATE -> ServerStatus.RUNNING;
      case STOP, SHUTDOWN, PROVIDER_SUSPEND -> ServerStatus.STOPPED;
      case SUSPEND -> type == GuestType.LXC ? ServerStatus.STOPPED : ServerStatus.PAUSED;
      case PROVIDER_UNSUSPEND ->
          Boolean.parseBoolean(params.get(START_AFTER)) ? ServerStatus.RUNNING : null;
      case SNAPSHOT_RESTORE ->
          Boolean.parseBoolean(params.get(START_AFTER))
              ? ServerStatus.RUNNING
              : ServerStatus.STOPPED;
      case SNAPSHOT_CREATE,
          SNAPSHOT_DELETE,
          PASSWORD_CHANGE,
          DELETE,
          RESIZE,
          PROVIDER_TRANSFER,
          PROVIDER_ADOPT ->
          null;
    };
  }

  /** A kind by its wire name; fails for an unknown one. */
  public static OperationKind fromWire(String value) {
    for (OperationKind k : values()) {
      if (k.wire.equals(value)) {
        return k;
      }
    }
    throw new IllegalArgumentException("Unknown operation kind " + value);
  }
}
