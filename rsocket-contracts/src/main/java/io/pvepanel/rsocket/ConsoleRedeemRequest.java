package io.pvepanel.rsocket;

/** {@link Routes#CONSOLE_REDEEM}: the one-time console session id, itself the credential. */
public record ConsoleRedeemRequest(String sessionId) {

  @Override
  public String toString() {
    return "ConsoleRedeemRequest[<redacted>]";
  }
}
