package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Answer of {@code termproxy}/{@code vncproxy}. The ticket is valid for ~40 s: open the websocket
 * right away ({@link ProxmoxClient#consoleWebSocket}).
 *
 * @param user identity the ticket is bound to (the termproxy handshake sends {@code user:ticket\n})
 * @param port proxy port (5900–5999) to pass to {@code vncwebsocket}
 * @param upid task of the proxy process
 * @param cert PEM of the cluster CA (vncproxy only)
 * @param password VNC password (newest builds only); see {@link #vncPassword()}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsoleTicket(
    String user, String ticket, int port, String upid, String cert, String password) {

  /** The VNC protocol password: {@code password} if the server sent one, else the ticket. */
  public String vncPassword() {
    return password != null && !password.isEmpty() ? password : ticket;
  }

  /** The first text frame of the termproxy protocol. */
  public String termproxyHandshake() {
    return user + ":" + ticket + "\n";
  }

  @Override
  public String toString() {
    return "ConsoleTicket[user=" + user + ", port=" + port + ", upid=" + upid + ", ticket=***]";
  }
}
