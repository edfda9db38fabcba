package io.pvepanel.control.operation;

import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** An operation as the API shows it. */
public record OperationView(
    String id,
    String serverId,
    String kind,
    String state,
    String error,
    Instant startedAt,
    Instant finishedAt) {

  /** 202 with the operation's address while it runs; 200 once it has ended. */
  public static ResponseEntity<OperationView> response(Operation o) {
    return ResponseEntity.status(o.finished() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .location(URI.create("/api/operations/" + o.id()))
        .body(of(o));
  }

  public static OperationView of(Operation o) {
    return new OperationView(
        o.id(),
        o.serverId(),
        o.kind().wire(),
        o.state().wire(),
        o.error(),
        o.startedAt(),
        o.finishedAt());
  }
}
