package io.pvepanel.proxmox.client;

/** Result of a create call: the guest's id (possibly picked by the client) and the task. */
public record CreatedGuest(GuestRef ref, Upid upid) {}
