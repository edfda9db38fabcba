package io.pvepanel.proxmox.simulator;

/**
 * A node's SSH listener.
 *
 * @param hostKeyFingerprint OpenSSH form, {@code SHA256:<base64 without padding>}
 */
public record SshEndpoint(String node, String host, int port, String hostKeyFingerprint) {}
