package io.pvepanel.control.rsocket;

import io.netty.buffer.ByteBufUtil;
import io.pvepanel.rsocket.Routes;
import io.rsocket.ConnectionSetupPayload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.plugins.SocketAcceptorInterceptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Refuses every RSocket connection whose SETUP frame does not carry the shared service token
 * ({@link Routes#SERVICE_TOKEN_MIME_TYPE} in composite metadata), compared in constant time. A pod
 * or container that merely reaches the port gets {@code REJECTED_SETUP} and no route.
 */
final class ServiceTokenAcceptor implements SocketAcceptorInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ServiceTokenAcceptor.class);

  private final byte[] token;

  ServiceTokenAcceptor(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public SocketAcceptor apply(SocketAcceptor delegate) {
    return new SocketAcceptor() {
      @Override
      public Mono<RSocket> accept(ConnectionSetupPayload setup, RSocket sendingSocket) {
        if (carriesToken(setup)) {
          return delegate.accept(setup, sendingSocket);
        }
        log.warn("RSocket connection refused: no valid service token in its SETUP");
        return Mono.error(new RejectedSetupException("service token required"));
      }
    };
  }

  boolean carriesToken(ConnectionSetupPayload setup) {
    try {
      if (!setup.hasMetadata()
          || !WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA
              .getString()
              .equals(setup.metadataMimeType())) {
        return false;
      }
      for (CompositeMetadata.Entry entry : new CompositeMetadata(setup.sliceMetadata(), false)) {
        if (Routes.SERVICE_TOKEN_MIME_TYPE.equals(entry.getMimeType())
            && MessageDigest.isEqual(token, ByteBufUtil.getBytes(entry.getContent()))) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
