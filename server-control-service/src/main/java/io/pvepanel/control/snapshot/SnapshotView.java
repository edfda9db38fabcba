package io.pvepanel.control.snapshot;

import java.time.Instant;

/**
 * A snapshot as the API shows it.
 *
 * @param current whether the server's present state derives from this snapshot
 */
record SnapshotView(
    String id,
    String name,
    String description,
    String parent,
    Instant createdAt,
    boolean current) {}
