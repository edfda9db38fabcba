package io.pvepanel.control.snapshot;

import java.time.Instant;

/** The panel's record of one Proxmox snapshot; {@code id} is what the API addresses. */
record SnapshotRecord(
    String id,
    String serverId,
    String name,
    String description,
    String parent,
    Instant createdAt) {}
