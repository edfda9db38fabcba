package io.pvepanel.control.snapshot;

import jakarta.validation.constraints.NotBlank;

/** {@code {"snapshotId"}}: the id from the snapshot list. */
record RestoreRequest(@NotBlank(message = "is required") String snapshotId) {}
