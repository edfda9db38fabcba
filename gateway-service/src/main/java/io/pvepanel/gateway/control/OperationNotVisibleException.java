package io.pvepanel.gateway.control;

import io.pvepanel.rsocket.Routes;

/** The control service refused {@code operation.access}: unknown, or not the user's to follow. */
public class OperationNotVisibleException extends RuntimeException {

  public OperationNotVisibleException() {
    super(Routes.OPERATION_REFUSED, null, false, false);
  }
}
