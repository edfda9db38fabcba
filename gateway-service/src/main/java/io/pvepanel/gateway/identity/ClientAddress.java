package io.pvepanel.gateway.identity;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address of the client behind a request, decided once by {@link ClientHeaderSanitizer} before
 * anything else reads it. Forwarding headers count only when the TCP peer is a configured trusted
 * proxy; then the right-most hop that is not itself a trusted proxy is the client (each proxy
 * appends what it saw, so only the entries left of that can be made up by the client). Services do
 * not apply forwarding headers themselves ({@code server.forward-headers-strategy: none}).
 *
 * <p>IPv6 clients are keyed by their /64: one customer is usually given a whole /64, and a key per
 * address would let them rotate through it.
 */
public final class ClientAddress {

  /** The exchange attribute holding the resolved address (a string). */
  public static final String ATTRIBUTE = ClientAddress.class.getName();

  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  private ClientAddress() {}

  /** The client's address as a rate-limit key: IPv4 as is, IPv6 as its /64. */
  public static String of(ServerWebExchange exchange) {
    Object resolved = exchange.getAttribute(ATTRIBUTE);
    if (resolved instanceof String s) {
      return s;
    }
    InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
    return peer == null || peer.getAddress() == null ? "unknown" : key(peer.getAddress());
  }

  /**
   * The client address of a WebSocket session: the one its upgrade request was resolved to (the
   * upgrade copies it into the session's attributes), else the TCP peer.
   */
  public static String of(WebSocketSession session) {
    Object resolved = session.getAttributes().get(ATTRIBUTE);
    if (resolved instanceof String s) {
      return s;
    }
    InetSocketAddress peer = session.getHandshakeInfo().getRemoteAddress();
    return peer == null || peer.getAddress() == null ? "unknown" : key(peer.getAddress());
  }

  /** The client of a request that {@code peer} sent with {@code headers}. */
  static String resolve(InetAddress peer, HttpHeaders headers, List<Cidr> trusted) {
    if (peer == null) {
      return "unknown";
    }
    if (!isTrusted(peer, trusted)) {
      return key(peer);
    }
    List<String> hops = hops(headers);
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(hops.get(i));
      if (hop == null) {
        break; // a malformed entry: nothing left of it can be believed
      }
      client = hop;
      if (!isTrusted(hop, trusted)) {
        break;
      }
    }
    return key(client);
  }

  private static boolean isTrusted(InetAddress address, List<Cidr> trusted) {
    return trusted.stream().anyMatch(c -> c.contains(address));
  }

  /** The hops of {@code X-Forwarded-For}, or else of {@code Forwarded}'s {@code for=}. */
  private static List<String> hops(HttpHeaders headers) {
    List<String> hops = new ArrayList<>();
    List<String> xff = headers.get("X-Forwarded-For");
    if (xff != null && !xff.isEmpty()) {
      for (String line : xff) {
        for (String hop : line.split(",")) {
          hops.add(hop.trim());
        }
      }
      return hops;
    }
    List<String> forwarded = headers.get("Forwarded");
    if (forwarded != null) {
      for (String line : forwarded) {
        for (String element : line.split(",")) {
          for (String pair : element.split(";")) {
            String p = pair.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
              hops.add(unquote(p.substring(4)));
            }
          }
        }
      }
    }
    return hops;
  }

  private static String unquote(String value) {
    String v = value.trim();
    if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      return end > 0 ? v.substring(1, end) : v;
    }
    int colon = v.indexOf(':');
    return colon > 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
  }

  /** An IP literal, never a name to look up. */
  private static InetAddress literal(String text) {
    if (!IP_LITERAL.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  static String key(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        s.append(Integer.toHexString(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF))).append(':');
      }
      return s.append(":/64").toString();
    }
    return address.getHostAddress();
  }
}
