package io.pvepanel.gateway.live;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A Reactor Netty WebSocket session that can also be cut at the TCP level: a close frame queued
 * behind data a client never reads would otherwise never leave, and the connection would stay.
 */
public class AbortableWebSocketSession extends ReactorNettyWebSocketSession {

  public AbortableWebSocketSession(
      WebsocketInbound inbound,
      WebsocketOutbound outbound,
      HandshakeInfo info,
      NettyDataBufferFactory bufferFactory,
      int maxFramePayloadLength) {
    super(inbound, outbound, info, bufferFactory, maxFramePayloadLength);
  }

  /** Closes the TCP connection now, without a close handshake. */
  public void abort() {
    getDelegate().getInbound().withConnection(Connection::dispose);
  }
}
