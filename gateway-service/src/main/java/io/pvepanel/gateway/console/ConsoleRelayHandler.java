package io.pvepanel.gateway.console;

import io.pvepanel.events.EventJson;
import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.control.ConsoleSessionRefusedException;
import io.pvepanel.gateway.control.ControlClient;
import io.pvepanel.gateway.identity.ClientAddress;
import io.pvepanel.gateway.limit.FailedAuthentications;
import io.pvepanel.rsocket.ConsoleFrame;
import io.rsocket.exceptions.ApplicationErrorException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /ws/console/{session}}: the browser's first frame is {@code
 * {"type":"auth","token":"<jwt>"}}; the gateway then opens the console with the control service
 * ({@code console.relay}, for that user only) and relays messages both ways. The gateway holds no
 * Proxmox credential: the control service opens Proxmox' {@code vncwebsocket} and relays on its
 * side (docs/security.md).
 *
 * <p>Both directions are plain Reactive Streams pipes (RSocket's request-n on the control side, no
 * queue of our own): a side that stops reading stops the other side from being read. Frames are
 * limited to {@code console.max-frame-size}. A console ends after {@code console.idle-timeout}
 * without a message either way, after {@code console.max-duration} in any case, and when its server
 * is deleted or handed to another owner ({@link ConsoleRelays}).
 *
 * <p>A refusal (no valid auth frame, a session id refused) counts against the client address's
 * budget of failed authentications ({@link FailedAuthentications}), like a 401 of the HTTP API.
 *
 * <p>Close codes: 4401 no valid auth frame within {@code console.auth-timeout}; 4404 session not
 * found, used, expired or not this user's; 4403 server deleted or no longer the user's; 4408 idle;
 * 4409 time limit; 4502 Proxmox unreachable or refused the console; 4503 control service
 * unavailable; otherwise 1000 when either side closes.
 */
@Component
public class ConsoleRelayHandler implements WebSocketHandler {

  static final CloseStatus UNAUTHENTICATED = new CloseStatus(4401, "console needs an auth frame");
  static final CloseStatus REFUSED =
      new CloseStatus(4404, "console session not found, used or expired");
  static final CloseStatus IDLE = new CloseStatus(4408, "console idle");
  static final CloseStatus TIME_LIMIT = new CloseStatus(4409, "console time limit reached");
  static final CloseStatus UPSTREAM_FAILED = new CloseStatus(4502, "console upstream failed");
  static final CloseStatus CONTROL_UNAVAILABLE = new CloseStatus(4503, "console unavailable");

  private static final Logger log = LoggerFactory.getLogger(ConsoleRelayHandler.class);
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_\\-]{8,128}");

  private final ControlClient control;
  private final ConsoleRelays relays;
  private final GatewayProperties.Console config;
  private final FailedAuthentications failures;
  private final Duration closeGrace;

  public ConsoleRelayHandler(
      ControlClient control,
      ConsoleRelays relays,
      GatewayProperties properties,
      FailedAuthentications failures) {
    this.control = control;
    this.failures = failures;
    this.closeGrace = properties.live().closeGrace();
    this.relays = relays;
    this.config = properties.console();
  }

  @Override
  public Mono<Void> handle(WebSocketSession browser) {
    String path = browser.getHandshakeInfo().getUri().getPath();
    String sessionId = path.substring(path.lastIndexOf('/') + 1);
    String address = ClientAddress.of(browser);
    // an id that cannot be one is refused like an unknown one, after the auth frame: the same
    // answer at the same moment, and no close racing the browser's first frames
    boolean possibleId = SESSION_ID.matcher(sessionId).matches();
    Relay relay = new Relay();
    relays.add(relay);
    // Whatever ends the console (either side, an error, a limit, the server gone) stops the relay
    // with a status; the close frame is sent before the streams are cancelled (cancelling the
    // browser's inbound first would drop the connection without a status).
    Mono<Void> run =
        browser
            .receive()
            .filter(
                m ->
                    m.getType() == WebSocketMessage.Type.TEXT
                        || m.getType() == WebSocketMessage.Type.BINARY)
            // copied at once: Reactor Netty releases a message's buffer once it has been handed on
            .map(ConsoleRelayHandler::frame)
            // the RSocket channel cancels what it was sending when it fails; that cancel must
            // not reach the browser's inbound before the close frame is out (publish keeps the
            // inbound subscribed, with its bounded prefetch, until the session ends)
            .publish()
            .autoConnect()
            .switchOnFirst(
                (first, all) -> {
                  if (!first.hasValue()) {
                    return all.then().flux();
                  }
                  String token = token(first.get());
                  if (token == null) {
                    relay.stop(UNAUTHENTICATED);
                    return Flux.<Void>never();
                  }
                  relay.authenticated();
                  if (!possibleId) {
                    relay.stop(REFUSED);
                    return Flux.<Void>never();
                  }
                  Flux<ConsoleFrame> up =
                      Flux.concat(
                          Mono.just(ConsoleFrame.open(sessionId, token)),
                          all.skip(1).doOnNext(f -> relay.touch()));
                  return control
                      .console(up)
                      .switchOnFirst(
                          (opened, down) -> {
                            if (!opened.hasValue()) {
                              return down;
                            }
                            relay.opened(opened.get().serverId(), opened.get().ownerId());
                            return browser
                                .send(
                                    down.skip(1)
                                        .filter(f -> f.data() != null)
                                        .doOnNext(f -> relay.touch())
                                        .map(f -> message(browser, f)))
                                .thenMany(Flux.<ConsoleFrame>empty());
                          })
                      .then()
                      .flux()
                      .onErrorResume(
                          e -> {
                            relay.stop(status(e, relay));
                            return Flux.<Void>never();
                          });
                })
            .then()
            .doOnSuccess(v -> relay.stop(CloseStatus.NORMAL))
            .onErrorResume(
                e -> {
                  relay.stop(status(e, relay));
                  return Mono.empty();
                });
    return Mono.firstWithSignal(
            run.then(Mono.<Void>never()),
            stopOn(
                relay,
                Mono.delay(config.authTimeout())
                    .filter(t -> !relay.isAuthenticated())
                    .map(t -> UNAUTHENTICATED)),
            stopOn(relay, relay.idle(config.idleTimeout(), IDLE)),
            stopOn(relay, Mono.delay(config.maxDuration()).thenReturn(TIME_LIMIT)),
            relay
                .stopped()
                .doOnNext(
                    status -> {
                      if (status == UNAUTHENTICATED || status == REFUSED) {
                        // an in-band authentication failure: the address's budget
                        failures.failed(address);
                      }
                    })
                .flatMap(status -> browser.close(status).then(peerClosed(browser))))
        .doFinally(s -> relays.remove(relay));
  }

  /**
   * Completes when the browser has answered the close (or after {@code live.close-grace}): until
   * then its inbound stays read, so a frame it sent meanwhile does not meet a closed connection,
   * whose reset would lose the close frame and its status on the way.
   */
  private Mono<Void> peerClosed(WebSocketSession browser) {
    return browser.closeStatus().then().timeout(closeGrace, Mono.empty());
  }

  /** Stops the relay with what {@code watch} emits; never completes on its own. */
  private static Mono<Void> stopOn(Relay relay, Mono<CloseStatus> watch) {
    return watch.doOnNext(relay::stop).then(Mono.never());
  }

  private static CloseStatus status(Throwable e, Relay relay) {
    if (e instanceof ConsoleSessionRefusedException) {
      return REFUSED;
    }
    if (relay.isOpened() || e instanceof ApplicationErrorException) {
      log.warn("Console relay failed: {}", e.toString());
      return UPSTREAM_FAILED;
    }
    log.warn("console.relay failed: {}", e.toString());
    return CONTROL_UNAVAILABLE;
  }

  /** The token of the browser's first frame, or null when it is not a valid auth frame. */
  private static String token(ConsoleFrame m) {
    if (!m.text()) {
      return null;
    }
    try {
      JsonNode frame = EventJson.mapper().readTree(new String(m.data(), StandardCharsets.UTF_8));
      JsonNode token = frame.get("token");
      return frame.path("type").asString("").equals("auth")
              && token != null
              && token.isString()
              && !token.asString().isBlank()
          ? token.asString()
          : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ConsoleFrame frame(WebSocketMessage m) {
    byte[] bytes = new byte[m.getPayload().readableByteCount()];
    m.getPayload().read(bytes);
    return ConsoleFrame.data(m.getType() == WebSocketMessage.Type.TEXT, bytes);
  }

  private static WebSocketMessage message(WebSocketSession browser, ConsoleFrame f) {
    byte[] bytes = f.data();
    return f.text()
        ? browser.textMessage(new String(bytes, StandardCharsets.UTF_8))
        : browser.binaryMessage(factory -> factory.wrap(bytes));
  }
}
