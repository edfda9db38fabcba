package io.pvepanel.gateway.control;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.rsocket.ConsoleFrame;
import io.pvepanel.rsocket.OperationAccessAnswer;
import io.pvepanel.rsocket.OperationAccessRequest;
import io.pvepanel.rsocket.ProviderKeyAnswer;
import io.pvepanel.rsocket.ProviderKeyRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.rsocket.exceptions.ApplicationErrorException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The RSocket side of the control service ({@code CONTROL_RSOCKET_URL}, RSocket over WebSocket,
 * JSON data, composite metadata with the route). The connection's SETUP carries the service token
 * ({@code RSOCKET_SERVICE_TOKEN}); the control service refuses connections without it. The
 * connection is opened lazily on the first call and re-opened on the next call after it drops.
 */
@Component
public class ControlClient implements DisposableBean {

  static final MimeType SERVICE_TOKEN = MimeType.valueOf(Routes.SERVICE_TOKEN_MIME_TYPE);

  /** RSocket fragments above this size (console messages reach 1 MB). */
  static final int FRAGMENT = 16 * 1024;

  private final RSocketRequester requester;
  private final Duration timeout;

  public ControlClient(
      RSocketRequester.Builder builder,
      GatewayProperties properties,
      ServiceTokenProperties serviceToken) {
    this.requester =
        builder
            .dataMimeType(MediaType.APPLICATION_JSON)
            // composite metadata: the route per request, the service token once in the SETUP
            .setupMetadata(
                serviceToken.serviceToken().getBytes(StandardCharsets.UTF_8), SERVICE_TOKEN)
            .rsocketConnector(c -> c.fragment(FRAGMENT))
            .websocket(properties.backends().controlRsocket());
    this.timeout = properties.backends().rsocketTimeout();
  }

  /** {@code server.access}: may the holder of {@code token} watch {@code serverId}? */
  public Mono<Boolean> mayAccess(String token, String serverId) {
    return requester
        .route(Routes.SERVER_ACCESS)
        .data(new ServerAccessRequest(token, serverId))
        .retrieveMono(ServerAccessAnswer.class)
        .map(ServerAccessAnswer::allowed)
        .timeout(timeout);
  }

  /**
   * {@code console.relay}: opens the console session the first frame names for the user whose token
   * it carries, then relays the console's messages; the answer starts with {@code opened}. Fails
   * with {@link ConsoleSessionRefusedException} when the session is unknown, used, expired, another
   * user's, or its server is no longer theirs.
   */
  public Flux<ConsoleFrame> console(Flux<ConsoleFrame> frames) {
    return requester
        .route(Routes.CONSOLE_RELAY)
        .data(frames, ConsoleFrame.class)
        .retrieveFlux(ConsoleFrame.class)
        .onErrorMap(
            e ->
                e instanceof ApplicationErrorException
                    && Routes.CONSOLE_REFUSED.equals(e.getMessage()),
            e -> new ConsoleSessionRefusedException());
  }

  /**
   * {@code operation.access}: the operation's current state, when the holder of {@code token} may
   * follow it. Fails with {@link OperationNotVisibleException} when it is unknown or not theirs;
   * any other error means the control service could not answer.
   */
  public Mono<OperationAccessAnswer> operation(String token, String operationId) {
    return requester
        .route(Routes.OPERATION_ACCESS)
        .data(new OperationAccessRequest(token, operationId))
        .retrieveMono(OperationAccessAnswer.class)
        .timeout(timeout)
        .onErrorMap(
            e ->
                e instanceof ApplicationErrorException
                    && Routes.OPERATION_REFUSED.equals(e.getMessage()),
            e -> new OperationNotVisibleException());
  }

  /** {@code provider.key}: is this provider key usable now, and what may it do? */
  public Mono<ProviderKeyAnswer> providerKey(String key) {
    return requester
        .route(Routes.PROVIDER_KEY)
        .data(new ProviderKeyRequest(key))
        .retrieveMono(ProviderKeyAnswer.class)
        .timeout(timeout);
  }

  @Override
  public void destroy() {
    requester.dispose();
  }
}
