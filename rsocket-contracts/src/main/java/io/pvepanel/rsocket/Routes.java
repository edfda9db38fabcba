package io.pvepanel.rsocket;

/**
 * The routes the control service answers for the gateway: RSocket over WebSocket on the control
 * service's HTTP port ({@code /rsocket}), JSON data, routing metadata ({@link #ROUTING_MIME_TYPE}).
 * Requests that act for a user carry that user's token, which the control service validates.
 */
public final class Routes {

  /** Metadata MIME type of the route names. */
  public static final String ROUTING_MIME_TYPE = "message/x.rsocket.routing.v0";

  /** The control service's RSocket endpoint path (WebSocket transport). */
  public static final String PATH = "/rsocket";

  /**
   * Request-response: {@link ServerAccessRequest} → {@link ServerAccessAnswer}; foreign, unknown or
   * bad token answer {@code allowed: false}.
   */
  public static final String SERVER_ACCESS = "server.access";

  /**
   * Request-response: {@link OperationAccessRequest} → {@link OperationAccessAnswer}, the
   * operation's state now; an unknown operation, one the user may not see or a bad token is an
   * error with {@link #OPERATION_REFUSED} as its message (any other error: the control service
   * could not answer). Later states reach the gateway through Kafka ({@code server.events}).
   */
  public static final String OPERATION_ACCESS = "operation.access";

  /** Error message of {@link #OPERATION_ACCESS} for an operation the user may not follow. */
  public static final String OPERATION_REFUSED = "operation not found";

  /**
   * Request-response: {@link ConsoleRedeemRequest} → {@link ConsoleRedeemAnswer}; an unknown, used
   * or expired session is an error with {@link #CONSOLE_REFUSED} as its message.
   */
  public static final String CONSOLE_REDEEM = "console.redeem";

  /** Error message of {@link #CONSOLE_REDEEM} for an unknown, used or expired session. */
  public static final String CONSOLE_REFUSED = "console session not found, used or expired";

  private Routes() {}
}
