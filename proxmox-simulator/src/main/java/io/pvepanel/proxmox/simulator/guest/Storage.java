package io.pvepanel.proxmox.simulator.guest;

/** A simulated storage; {@code snapshots} says whether guest volumes on it can be snapshotted. */
public record Storage(
    String id, String type, String content, boolean snapshots, long total, long used) {}
