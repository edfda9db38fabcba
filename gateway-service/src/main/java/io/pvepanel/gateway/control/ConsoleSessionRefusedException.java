package io.pvepanel.gateway.control;

/** The control service refused to redeem a console session: unknown, already used or expired. */
public class ConsoleSessionRefusedException extends RuntimeException {

  public ConsoleSessionRefusedException() {
    super("console session not found, used or expired", null, false, false);
  }
}
