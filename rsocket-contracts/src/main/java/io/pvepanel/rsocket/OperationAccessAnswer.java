package io.pvepanel.rsocket;

import java.time.Instant;

/**
 * The answer of {@link Routes#OPERATION_ACCESS}: the operation as the REST API shows it, in its
 * current state.
 *
 * @param kind what is being done: {@code start}, {@code stop}, {@code snapshot.create}, …
 * @param state {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 */
public record OperationAccessAnswer(
    String id,
    String serverId,
    String kind,
    String state,
    String error,
    Instant startedAt,
    Instant finishedAt) {}
