package io.pvepanel.control.snapshot;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code {"name", "description"}}. The name follows Proxmox's rule (a letter, then at least one
 * letter, digit, {@code _} or {@code -}; at most 40), checked here so a bad name never becomes a
 * failed task; the reserved names are checked by the service.
 */
record SnapshotRequest(
    @NotNull
        @Size(max = 40, message = "may only be 40 characters long")
        @Pattern(
            regexp = "[A-Za-z][A-Za-z0-9_-]+",
            message = "must start with a letter and have at least two of letters, digits, _ and -")
        String name,
    @Size(max = 255, message = "may only be 255 characters long") String description) {}
