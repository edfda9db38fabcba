package io.pvepanel.gateway.limit;

import io.pvepanel.gateway.identity.ClientAddress;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts failed authentications (answers 401) per client address, before the security chain: the
 * per-user limits run after it, so without this a client guessing or replaying tokens would never
 * be limited. An address that used up {@code rate-limits.failed-authentications} gets 429 with
 * {@code Retry-After} for every request, before its token is even parsed. The WebSocket channels'
 * in-band refusals draw from the same budget ({@link FailedAuthentications}), so an address over it
 * cannot even open a socket: its upgrade is refused here.
 */
@Component
public class FailedAuthenticationFilter implements WebFilter, Ordered {

  /** After the header sanitizer (-400, which decides the client address), before security. */
  public static final int ORDER = -300;

  private final FailedAuthentications failures;

  public FailedAuthenticationFilter(FailedAuthentications failures) {
    this.failures = failures;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String address = ClientAddress.of(exchange);
    TokenBucket bucket = failures.bucket(address);
    long wait = bucket.peek(failures.now());
    if (wait > 0) {
      return RateLimitFilter.tooMany(exchange, wait);
    }
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              if (exchange.getResponse().getStatusCode() == HttpStatus.UNAUTHORIZED) {
                bucket.tryTake(failures.now());
              }
              return Mono.empty();
            });
    return chain.filter(exchange);
  }
}
