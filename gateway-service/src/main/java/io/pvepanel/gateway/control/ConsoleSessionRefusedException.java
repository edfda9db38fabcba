package io.pvepanel.gateway.control;

import io.pvepanel.rsocket.Routes;

/** The control service refused to redeem a console session: unknown, already used or expired. */
public class ConsoleSessionRefusedException extends RuntimeException {

  public ConsoleSessionRefusedException() {
    super(Routes.CONSOLE_REFUSED, null, false, false);
  }
}
