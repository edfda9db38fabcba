package io.pvepanel.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a server, on {@link Topics#SERVER_EVENTS}.
 *
 * <p>Types: {@code operation.queued}, {@code operation.running}, {@code operation.succeeded},
 * {@code operation.failed} (with {@code operation}), {@code server.status-changed} (with {@code
 * status}), {@code server.password-changed}, {@code server.deleted}. Never carries a secret.
 *
 * @param status the server's status after the event, when known ({@code running}, {@code stopped},
 *     {@code paused}, …)
 * @param operation the operation, for {@code operation.*} types; otherwise null
 */
public record ServerEvent(
    UUID eventId,
    String type,
    int version,
    Instant occurredAt,
    String serverId,
    String ownerId,
    String ownerEmail,
    String serverName,
    String status,
    Operation operation)
    implements Event {

  public static final int VERSION = 1;
  public static final String OPERATION_QUEUED = "operation.queued";
  public static final String OPERATION_RUNNING = "operation.running";
  public static final String OPERATION_SUCCEEDED = "operation.succeeded";
  public static final String OPERATION_FAILED = "operation.failed";
  public static final String STATUS_CHANGED = "server.status-changed";
  public static final String PASSWORD_CHANGED = "server.password-changed";
  public static final String DELETED = "server.deleted";

  /**
   * An asynchronous operation as the API shows it.
   *
   * @param kind e.g. {@code start}, {@code stop}, {@code snapshot.create}, {@code create}
   * @param state {@code queued|running|succeeded|failed}
   */
  public record Operation(
      String id, String kind, String state, String error, Instant startedAt, Instant finishedAt) {}
}
