package io.pvepanel.gateway.limit;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.identity.ClientAddress;
import io.pvepanel.web.Problems;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Per-user token buckets, in memory (so limits are per gateway instance: with N instances behind a
 * load balancer a user gets up to N times the configured rate). Runs after authentication: the key
 * is the user id of the validated token, or the client address ({@link ClientAddress}: forwarding
 * headers only from trusted proxies, IPv6 by /64) for anonymous requests (WebSocket upgrades, API
 * docs, the dashboard's files), which also share one bucket per instance. At most {@code max-keys}
 * buckets are kept, the least recently used evicted. {@code POST /api/server/create} and {@code
 * POST /api/server/{id}/change-password} also draw from a much smaller bucket. Refusals are 429
 * with {@code Retry-After} (whole seconds). Probes and metrics are never limited.
 */
@Component
public class RateLimitFilter implements WebFilter, Ordered {

  /** After the security chain (-100), so the caller is known. */
  public static final int ORDER = -90;

  private static final String ANONYMOUS = "addr:";

  private static final PathPattern CREATE =
      PathPatternParser.defaultInstance.parse("/api/server/create");
  private static final PathPattern CHANGE_PASSWORD =
      PathPatternParser.defaultInstance.parse("/api/server/{id}/change-password");

  private final LongSupplier nanoClock;
  private final BoundedBuckets generalBuckets;
  private final BoundedBuckets sensitiveBuckets;
  private final TokenBucket anonymous;

  @org.springframework.beans.factory.annotation.Autowired
  public RateLimitFilter(GatewayProperties properties) {
    this(properties, System::nanoTime);
  }

  RateLimitFilter(GatewayProperties properties, LongSupplier nanoClock) {
    GatewayProperties.RateLimits limits = properties.rateLimits();
    this.nanoClock = nanoClock;
    this.generalBuckets = new BoundedBuckets(limits.general(), limits.maxKeys());
    this.sensitiveBuckets = new BoundedBuckets(limits.sensitive(), limits.maxKeys());
    this.anonymous =
        new TokenBucket(
            limits.anonymous().capacity(),
            limits.anonymous().refillPeriod().toNanos(),
            nanoClock.getAsLong());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (path.startsWith("/actuator/")) {
      return chain.filter(exchange);
    }
    return ReactiveSecurityContextHolder.getContext()
        .map(SecurityContext::getAuthentication)
        .filter(Authentication::isAuthenticated)
        .map(auth -> "user:" + auth.getName())
        .defaultIfEmpty(ANONYMOUS + ClientAddress.of(exchange))
        .flatMap(
            key -> {
              long now = nanoClock.getAsLong();
              if (key.startsWith(ANONYMOUS)) {
                // all anonymous callers of this instance together: rotating addresses (or a
                // proxy shared by many) cannot take more than this
                long wait = anonymous.tryTake(now);
                if (wait > 0) {
                  return tooMany(exchange, wait);
                }
              }
              TokenBucket sensitiveBucket = null;
              if (isSensitive(exchange)) {
                sensitiveBucket = sensitiveBuckets.get(key, now);
                long wait = sensitiveBucket.tryTake(now);
                if (wait > 0) {
                  return tooMany(exchange, wait);
                }
              }
              long wait = generalBuckets.get(key, now).tryTake(now);
              if (wait > 0) {
                if (sensitiveBucket != null) {
                  sensitiveBucket.giveBack();
                }
                return tooMany(exchange, wait);
              }
              return chain.filter(exchange);
            });
  }

  private static boolean isSensitive(ServerWebExchange exchange) {
    if (exchange.getRequest().getMethod() != HttpMethod.POST) {
      return false;
    }
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    return CREATE.matches(path) || CHANGE_PASSWORD.matches(path);
  }

  static Mono<Void> tooMany(ServerWebExchange exchange, long waitNanos) {
    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return Problems.write(
        exchange,
        HttpStatus.TOO_MANY_REQUESTS,
        "rate-limited",
        "Too Many Requests",
        "Rate limit exceeded; retry after " + seconds + " s.");
  }
}
