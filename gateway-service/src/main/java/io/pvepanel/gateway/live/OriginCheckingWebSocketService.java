package io.pvepanel.gateway.live;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Refuses WebSocket upgrades from browser origins that are neither the gateway's own origin nor in
 * {@code live.allowed-origins} (403, before the upgrade): another site cannot open a socket with a
 * visitor's browser. Requests without {@code Origin} (scripts, not browsers) pass; they must still
 * authenticate in-band.
 */
public class OriginCheckingWebSocketService implements WebSocketService {

  private final WebSocketService delegate;
  private final Set<String> allowed;

  public OriginCheckingWebSocketService(WebSocketService delegate, List<String> allowedOrigins) {
    this.delegate = delegate;
    this.allowed =
        allowedOrigins.stream()
            .filter(s -> !s.isBlank())
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
    if (!originAllowed(exchange.getRequest())) {
      exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
      return exchange.getResponse().setComplete();
    }
    return delegate.handleRequest(exchange, handler);
  }

  boolean originAllowed(ServerHttpRequest request) {
    String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true;
    }
    String normalized = origin.trim().toLowerCase(Locale.ROOT);
    if (allowed.contains(normalized)) {
      return true;
    }
    String host = request.getHeaders().getFirst(HttpHeaders.HOST);
    try {
      URI o = URI.create(normalized);
      if (host == null || o.getHost() == null) {
        return false;
      }
      int port = o.getPort() != -1 ? o.getPort() : ("https".equals(o.getScheme()) ? 443 : 80);
      String originHost = o.getHost() + ":" + port;
      String requestHost = host.toLowerCase(Locale.ROOT);
      if (!requestHost.contains(":")) {
        requestHost = requestHost + ":" + port;
      }
      return originHost.equals(requestHost);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
