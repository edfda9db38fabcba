package io.pvepanel.proxmox.client;

import java.net.URI;
import java.util.Map;

/**
 * Everything a relay needs to open Proxmox's {@code vncwebsocket}: the {@code wss://} (or {@code
 * ws://}) URI with port and URL-encoded ticket, and the auth headers to send with the upgrade (API
 * token {@code Authorization} or {@code Cookie: PVEAuthCookie=...}). Subprotocol: {@link
 * #SUBPROTOCOL}. The relay must apply the same TLS trust as the client: {@link
 * ProxmoxClient#trust()}.
 */
public record ConsoleWebSocketTarget(URI uri, Map<String, String> headers, ConsoleTicket ticket) {
  public static final String SUBPROTOCOL = "binary";

  public ConsoleWebSocketTarget {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "ConsoleWebSocketTarget[uri=<redacted ticket>, headers=" + headers.keySet() + "]";
  }
}
