package io.pvepanel.control.operation;

import java.time.Instant;
import java.util.UUID;

/**
 * An asynchronous change to a server, followed to its end through the Proxmox task (UPID).
 *
 * @param kind what is being done: {@code start}, {@code stop}, {@code snapshot.create}, …
 * @param state {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param upid the Proxmox task, once Proxmox accepted the request; internal, never shown
 */
public record Operation(
    String id,
    String serverId,
    String kind,
    String state,
    String upid,
    String error,
    String requestedBy,
    Instant startedAt,
    Instant finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** A new operation, waiting for its Proxmox call; {@code at} is when it was requested. */
  public static Operation queued(String serverId, String kind, String requestedBy, Instant at) {
    return new Operation(
        UUID.randomUUID().toString(), serverId, kind, QUEUED, null, null, requestedBy, at, null);
  }

  public boolean finished() {
    return SUCCEEDED.equals(state) || FAILED.equals(state);
  }
}
