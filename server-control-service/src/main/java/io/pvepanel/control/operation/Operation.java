package io.pvepanel.control.operation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An asynchronous change to a server: a sequence of steps (see {@link OperationHandler}), each
 * usually one Proxmox task followed by its UPID.
 *
 * @param step the step it is at (0-based)
 * @param upid the current step's Proxmox task, once Proxmox accepted it; internal, never shown
 * @param params what the operation was asked to do, enough to resume it after a restart; never a
 *     secret
 * @param updatedAt when it last moved (a new step, a task accepted)
 */
public record Operation(
    String id,
    String serverId,
    OperationKind kind,
    OperationState state,
    int step,
    String upid,
    String error,
    String requestedBy,
    Map<String, String> params,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt) {

  public Operation {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  /** A new operation, waiting for its first Proxmox call; {@code at} is when it was requested. */
  public static Operation queued(
      String serverId,
      OperationKind kind,
      Map<String, String> params,
      String requestedBy,
      Instant at) {
    return new Operation(
        UUID.randomUUID().toString(),
        serverId,
        kind,
        OperationState.QUEUED,
        0,
        null,
        null,
        requestedBy,
        params,
        at,
        at,
        null);
  }

  public boolean finished() {
    return state.finished();
  }

  /** The same operation at {@code step}, its task not yet accepted. */
  Operation atStep(int step, Instant at) {
    return new Operation(
        id, serverId, kind, state, step, null, error, requestedBy, params, startedAt, at, null);
  }

  /** The same operation with its current step's task accepted by Proxmox. */
  Operation withTask(String upid, Instant at) {
    return new Operation(
        id,
        serverId,
        kind,
        OperationState.RUNNING,
        step,
        upid,
        error,
        requestedBy,
        params,
        startedAt,
        at,
        null);
  }

  /** The same operation ended. */
  Operation ended(OperationState end, String error, Instant at) {
    return new Operation(
        id, serverId, kind, end, step, upid, error, requestedBy, params, startedAt, at, at);
  }
}
