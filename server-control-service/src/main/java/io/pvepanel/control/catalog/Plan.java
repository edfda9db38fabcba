package io.pvepanel.control.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a server gets: CPU cores, memory, swap and disk, and how many snapshots it may keep.
 *
 * @param diskFromAgent QEMU only: read disk usage through the guest agent (Proxmox reports 0
 *     without it)
 * @param active retired plans stay for existing servers but are not offered any more
 */
public record Plan(
    @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be 1-64 of a-z, 0-9, -")
        String id,
    @NotBlank @Size(max = 100) String name,
    @Min(1) @Max(64) int cores,
    @Min(128) @Max(1_048_576) int memoryMib,
    @Min(0) @Max(1_048_576) int swapMib,
    @Min(1) @Max(65_536) int diskGib,
    @Min(0) @Max(100) int snapshotQuota,
    boolean diskFromAgent,
    boolean active) {}
