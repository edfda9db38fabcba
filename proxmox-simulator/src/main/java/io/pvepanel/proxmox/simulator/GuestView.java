package io.pvepanel.proxmox.simulator;

import java.util.List;

/**
 * A read-only copy of a guest's state.
 *
 * @param type {@code lxc} or {@code qemu}
 * @param status {@code running}, {@code stopped} or {@code paused} (QEMU, QMP state)
 * @param lock the config lock or null
 * @param snapshots snapshot names in creation order
 * @param parentSnapshot the snapshot the current state derives from, or null
 * @param passwordChangeCount root password changes via SSH chpasswd / guest agent
 */
public record GuestView(
    int vmid,
    String node,
    String type,
    String status,
    String lock,
    String name,
    int cores,
    int memoryMiB,
    int diskGiB,
    String storage,
    boolean hot,
    boolean agent,
    List<String> snapshots,
    String parentSnapshot,
    int passwordChangeCount) {}
