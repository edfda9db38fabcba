package io.pvepanel.rsocket;

/** {@link Routes#SERVER_ACCESS}: may the holder of {@code token} watch {@code serverId}? */
public record ServerAccessRequest(String token, String serverId) {

  @Override
  public String toString() {
    return "ServerAccessRequest[serverId=" + serverId + "]";
  }
}
