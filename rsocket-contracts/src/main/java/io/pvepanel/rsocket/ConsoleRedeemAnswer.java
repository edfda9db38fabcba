package io.pvepanel.rsocket;

import java.util.Map;

/**
 * The answer of {@link Routes#CONSOLE_REDEEM}: where and how to reach Proxmox' {@code vncwebsocket}
 * for one console session. {@code headers} and {@code handshake} are credentials of the panel and
 * never leave the gateway (nor its logs: see {@link #toString()}).
 *
 * @param console {@code xterm} (termproxy) or {@code novnc} (vncproxy)
 * @param url {@code
 *     ws(s)://pve-host:8006/api2/json/nodes/<node>/<lxc|qemu>/<vmid>/vncwebsocket?...}
 * @param headers sent with the upgrade (the panel's API token)
 * @param handshake the termproxy authentication line ({@code user:ticket\n}) the relay sends first,
 *     or null
 * @param tlsFingerprint SHA-256 pin of the cluster's certificate ({@code AB:CD:..}), or null
 * @param tlsCaCertificates PEM text of the trust anchors of the cluster's certificate (its {@code
 *     ca-file}), or null; neither set: the JDK's trust store. The cluster's trust as the control
 *     service is configured with it, applied by the relay through proxmox-client-lib's {@code
 *     ProxmoxTrust}; public material, no secret.
 */
public record ConsoleRedeemAnswer(
    String serverId,
    String userId,
    String console,
    String url,
    Map<String, String> headers,
    String handshake,
    String tlsFingerprint,
    String tlsCaCertificates) {

  public ConsoleRedeemAnswer {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** Whether this is a container's terminal (termproxy) rather than a VM's screen (noVNC). */
  public boolean xterm() {
    return "xterm".equals(console);
  }

  @Override
  public String toString() {
    return "ConsoleRedeemAnswer[serverId="
        + serverId
        + ", userId="
        + userId
        + ", console="
        + console
        + ", trust="
        + (tlsFingerprint != null ? "pin" : tlsCaCertificates != null ? "ca" : "system")
        + "]";
  }
}
