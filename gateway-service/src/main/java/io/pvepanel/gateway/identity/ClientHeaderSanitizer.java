package io.pvepanel.gateway.identity;

import io.pvepanel.gateway.config.GatewayProperties;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Removes identity and forwarding headers a client could use to impersonate someone or spoof its
 * address, before anything reads them: every {@code X-User-*} header always, and {@code
 * X-Forwarded-*} / {@code Forwarded} unless the TCP peer is inside one of {@code
 * pvepanel.gateway.trusted-proxies}. (Spring Cloud Gateway additionally drops forwarding headers
 * itself while {@code spring.cloud.gateway.server.webflux.trusted-proxies} is unset.) Before that,
 * it decides the client's address once ({@link ClientAddress}) for the limits to key on.
 */
@Component
public class ClientHeaderSanitizer implements WebFilter, Ordered {

  public static final int ORDER = -400;

  private final List<Cidr> trusted;

  public ClientHeaderSanitizer(GatewayProperties properties) {
    this.trusted =
        properties.trustedProxies().stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
    boolean fromTrustedProxy = isTrusted(peer);
    exchange
        .getAttributes()
        .put(
            ClientAddress.ATTRIBUTE,
            ClientAddress.resolve(peer == null ? null : peer.getAddress(), headers, trusted));
    List<String> drop = new ArrayList<>();
    for (String name : headers.headerNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-user-")
          || (!fromTrustedProxy
              && (lower.startsWith("x-forwarded-")
                  || lower.equals("forwarded")
                  || lower.equals("x-real-ip")))) {
        drop.add(name);
      }
    }
    if (drop.isEmpty()) {
      return chain.filter(exchange);
    }
    return chain.filter(
        exchange.mutate().request(r -> r.headers(h -> drop.forEach(h::remove))).build());
  }

  boolean isTrusted(InetSocketAddress remote) {
    if (trusted.isEmpty() || remote == null || remote.getAddress() == null) {
      return false;
    }
    return trusted.stream().anyMatch(c -> c.contains(remote.getAddress()));
  }
}
