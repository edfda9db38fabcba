package io.pvepanel.gateway.control;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.rsocket.ConsoleRedeemAnswer;
import io.pvepanel.rsocket.ConsoleRedeemRequest;
import io.pvepanel.rsocket.OperationAccessAnswer;
import io.pvepanel.rsocket.OperationAccessRequest;
import io.pvepanel.rsocket.Routes;
import io.pvepanel.rsocket.ServerAccessAnswer;
import io.pvepanel.rsocket.ServerAccessRequest;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.RejectedException;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import reactor.core.publisher.Mono;

/**
 * The RSocket side of the control service ({@code CONTROL_RSOCKET_URL}, RSocket over WebSocket,
 * JSON data, {@code message/x.rsocket.routing.v0} metadata). The connection is opened lazily on the
 * first call and re-opened on the next call after it drops.
 */
@Component
public class ControlClient implements DisposableBean {

  static final MimeType ROUTING = MimeType.valueOf(Routes.ROUTING_MIME_TYPE);

  private final RSocketRequester requester;
  private final Duration timeout;

  public ControlClient(RSocketRequester.Builder builder, GatewayProperties properties) {
    this.requester =
        builder
            .dataMimeType(MediaType.APPLICATION_JSON)
            .metadataMimeType(ROUTING)
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
   * {@code console.redeem}: exchanges a one-time console session id for the Proxmox connection
   * details. Fails with {@link ConsoleSessionRefusedException} when the session is unknown, used or
   * expired.
   */
  public Mono<ConsoleRedeemAnswer> redeem(String sessionId) {
    return requester
        .route(Routes.CONSOLE_REDEEM)
        .data(new ConsoleRedeemRequest(sessionId))
        .retrieveMono(ConsoleRedeemAnswer.class)
        .timeout(timeout)
        .onErrorMap(
            e -> e instanceof ApplicationErrorException || e instanceof RejectedException,
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

  @Override
  public void destroy() {
    requester.dispose();
  }
}
