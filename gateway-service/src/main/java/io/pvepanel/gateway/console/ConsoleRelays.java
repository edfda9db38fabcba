package io.pvepanel.gateway.console;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The consoles this gateway instance relays, so that they end when their server is deleted or
 * handed to another owner (fed by the live channel's Kafka listener: {@code server.deleted}, the
 * inventory's tombstones and records).
 */
@Component
public class ConsoleRelays {

  static final CloseStatus SERVER_GONE = new CloseStatus(4403, "server deleted or no longer yours");

  private final Set<Relay> open = ConcurrentHashMap.newKeySet();

  void add(Relay relay) {
    open.add(relay);
  }

  void remove(Relay relay) {
    open.remove(relay);
  }

  /** Consoles open now. */
  public int count() {
    return open.size();
  }

  /** Ends every console of {@code serverId}. */
  public void serverDeleted(String serverId) {
    open.stream().filter(r -> serverId.equals(r.serverId())).forEach(r -> r.stop(SERVER_GONE));
  }

  /** Ends the consoles of {@code serverId} opened while someone else owned it. */
  public void ownerIs(String serverId, String ownerId) {
    open.stream()
        .filter(r -> serverId.equals(r.serverId()) && !String.valueOf(ownerId).equals(r.ownerId()))
        .forEach(r -> r.stop(SERVER_GONE));
  }
}
