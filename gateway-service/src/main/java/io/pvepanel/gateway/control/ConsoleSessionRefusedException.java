package io.pvepanel.gateway.control;

import io.pvepanel.rsocket.Routes;

/**
 * The control service refused to open a console session: unknown, already used, expired, another
 * user's, or on a server no longer theirs.
 */
public class ConsoleSessionRefusedException extends RuntimeException {

  public ConsoleSessionRefusedException() {
    super(Routes.CONSOLE_REFUSED, null, false, false);
  }
}
