package io.pvepanel.control.operation;

import io.pvepanel.control.server.Server;
import io.pvepanel.proxmox.client.ProxmoxClient;

/**
 * What a step works with: the operation, its server as recorded when the step starts (a create's
 * first step records where the guest goes), and the server's cluster.
 */
public record OperationContext(Operation operation, Server server, ProxmoxClient client) {}
