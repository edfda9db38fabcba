package io.pvepanel.control.operation;

import java.time.Instant;

/** An operation as the API shows it. */
public record OperationView(
    String id,
    String serverId,
    String kind,
    String state,
    String error,
    Instant startedAt,
    Instant finishedAt) {

  public static OperationView of(Operation o) {
    return new OperationView(
        o.id(), o.serverId(), o.kind(), o.state(), o.error(), o.startedAt(), o.finishedAt());
  }
}
