package io.pvepanel.rsocket;

/**
 * One message of the {@link Routes#CONSOLE_RELAY} request-channel between the gateway and the
 * control service. The gateway's first frame opens the console ({@link #open}: the one-time session
 * id and the token of the user at the browser); the control service's first frame confirms it
 * ({@link #opened}: the server and its owner now, so the gateway can end the relay when the server
 * is deleted or changes owner). Every later frame, both ways, carries one WebSocket message of the
 * console ({@link #data}). No Proxmox credential ever travels on this channel: the control service
 * opens Proxmox' {@code vncwebsocket} itself.
 *
 * @param sessionId the one-time console session (first gateway frame only)
 * @param token the browser user's JWT (first gateway frame only)
 * @param serverId the console's server (first control frame only)
 * @param ownerId the server's owner when the console opened (first control frame only)
 * @param text whether {@code data} is a text (UTF-8) rather than a binary WebSocket message
 * @param data the message's bytes, or null for the opening frames
 */
public record ConsoleFrame(
    String sessionId, String token, String serverId, String ownerId, boolean text, byte[] data) {

  /** The gateway's first frame. */
  public static ConsoleFrame open(String sessionId, String token) {
    return new ConsoleFrame(sessionId, token, null, null, false, null);
  }

  /** The control service's first frame. */
  public static ConsoleFrame opened(String serverId, String ownerId) {
    return new ConsoleFrame(null, null, serverId, ownerId, false, null);
  }

  /** A console message. */
  public static ConsoleFrame data(boolean text, byte[] data) {
    return new ConsoleFrame(null, null, null, null, text, data);
  }

  @Override
  public String toString() {
    return "ConsoleFrame[serverId="
        + serverId
        + ", ownerId="
        + ownerId
        + ", text="
        + text
        + ", bytes="
        + (data == null ? 0 : data.length)
        + (sessionId != null ? ", session=<redacted>" : "")
        + "]";
  }
}
