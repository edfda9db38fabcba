package io.pvepanel.web;

import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClusterUnavailableException;
import io.pvepanel.proxmox.client.ProxmoxException;
import io.pvepanel.proxmox.client.ProxmoxTimeoutException;

/**
 * What a customer is told of a Proxmox fault, in an API answer ({@link ProxmoxProblemHandler}) or
 * in an operation's recorded error: Proxmox's own words only where they describe the guest's state
 * (already running, not running), never endpoints, node names, privileges or the node SSH path.
 */
public final class ProxmoxFaults {

  private ProxmoxFaults() {}

  public static String describe(ProxmoxException e) {
    if (e instanceof ProxmoxClusterUnavailableException) {
      return "The virtualisation cluster is not answering; try again shortly.";
    }
    if (e instanceof ProxmoxTimeoutException) {
      return "The virtualisation cluster did not answer in time.";
    }
    if (e instanceof ProxmoxApiException.Conflict c) {
      return c.pveMessage();
    }
    if (e instanceof ProxmoxApiException.Locked) {
      return "The server is busy with another task; try again when it has finished.";
    }
    if (e instanceof ProxmoxApiException.AgentUnavailable) {
      return "The server's guest agent is not available; make sure qemu-guest-agent runs in it.";
    }
    return "The virtualisation cluster could not carry out the request.";
  }
}
