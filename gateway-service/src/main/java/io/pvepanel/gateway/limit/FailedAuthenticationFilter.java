package io.pvepanel.gateway.limit;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.identity.ClientAddress;
import java.util.function.LongSupplier;
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
 * {@code Retry-After} for every request, before its token is even parsed.
 */
@Component
public class FailedAuthenticationFilter implements WebFilter, Ordered {

  /** After the header sanitizer (-400, which decides the client address), before security. */
  public static final int ORDER = -300;

  private final BoundedBuckets failures;
  private final LongSupplier nanoClock;

  @org.springframework.beans.factory.annotation.Autowired
  public FailedAuthenticationFilter(GatewayProperties properties) {
    this(properties, System::nanoTime);
  }

  FailedAuthenticationFilter(GatewayProperties properties, LongSupplier nanoClock) {
    this.failures =
        new BoundedBuckets(
            properties.rateLimits().failedAuthentications(), properties.rateLimits().maxKeys());
    this.nanoClock = nanoClock;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String address = ClientAddress.of(exchange);
    TokenBucket bucket = failures.get(address, nanoClock.getAsLong());
    long wait = bucket.peek(nanoClock.getAsLong());
    if (wait > 0) {
      return RateLimitFilter.tooMany(exchange, wait);
    }
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              if (exchange.getResponse().getStatusCode() == HttpStatus.UNAUTHORIZED) {
                bucket.tryTake(nanoClock.getAsLong());
              }
              return Mono.empty();
            });
    return chain.filter(exchange);
  }
}
