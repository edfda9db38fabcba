package io.pvepanel.rsocket;

/**
 * The routes the control service answers for the gateway: RSocket over WebSocket on the control
 * service's HTTP port ({@code /rsocket}), JSON data, composite metadata with the route ({@link
 * #ROUTING_MIME_TYPE}); the connection's SETUP carries the service token ({@link
 * #SERVICE_TOKEN_MIME_TYPE}). Requests that act for a user carry that user's token, which the
 * control service validates.
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
   * Request-channel of {@link ConsoleFrame}s: the gateway's first frame opens a console session for
   * the user whose token it carries, the control service answers {@code opened} and then relays the
   * console's messages both ways between the gateway and Proxmox' {@code vncwebsocket}, which it
   * opens with the panel's own credentials. A session that is unknown, used, expired, not the
   * token's user's, or on a server the user may no longer see is an error with {@link
   * #CONSOLE_REFUSED} as its message; any other error means the console could not be reached.
   */
  public static final String CONSOLE_RELAY = "console.relay";

  /** Error message of {@link #CONSOLE_RELAY} for a session that may not be opened. */
  public static final String CONSOLE_REFUSED = "console session not found, used or expired";

  /**
   * Request-response: {@link ProviderKeyRequest} → {@link ProviderKeyAnswer}: is this provider API
   * key usable now, and what may it do? The gateway asks before it forwards a request carrying a
   * key; the control service checks the key again on the request itself.
   */
  public static final String PROVIDER_KEY = "provider.key";

  /**
   * Metadata MIME type of the service token in the SETUP frame (composite metadata): the control
   * service refuses a connection whose SETUP does not carry the shared service token ({@code
   * pvepanel.rsocket.service-token}, {@code RSOCKET_SERVICE_TOKEN}).
   */
  public static final String SERVICE_TOKEN_MIME_TYPE = "message/x.pvepanel.service-token";

  private Routes() {}
}
