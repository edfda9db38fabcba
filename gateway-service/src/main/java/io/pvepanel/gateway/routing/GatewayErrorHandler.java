package io.pvepanel.gateway.routing;

import io.netty.channel.ConnectTimeoutException;
import io.pvepanel.gateway.limit.PayloadTooLargeException;
import io.pvepanel.web.Problems;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Every error the gateway itself produces becomes problem+json: a service that cannot be reached is
 * 503, one that does not answer in time 504, oversized bodies 413, unknown paths 404, anything
 * unexpected 500, always without internals. Runs before Boot's default handler.
 */
@Component
@Order(-2)
public class GatewayErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    if (isUnreachable(ex)) {
      log.warn(
          "Backend unreachable for {} {}: {}",
          exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(),
          ex.toString());
      return Problems.write(
          exchange,
          HttpStatus.SERVICE_UNAVAILABLE,
          "service-unavailable",
          "Service Unavailable",
          "The service behind this path is not reachable; try again shortly.");
    }
    if (isTimeout(ex)) {
      return gatewayTimeout(exchange);
    }
    if (ex instanceof PayloadTooLargeException || ex instanceof DataBufferLimitException) {
      return Problems.write(
          exchange,
          HttpStatus.CONTENT_TOO_LARGE,
          "payload-too-large",
          "Content Too Large",
          "The request body exceeds the gateway's limit.");
    }
    if (ex instanceof ResponseStatusException rse) {
      HttpStatusCode status = rse.getStatusCode();
      if (status.value() == 504) {
        return gatewayTimeout(exchange);
      }
      if (status.is5xxServerError()) {
        log.warn("Gateway error {} for {}: {}", status, exchange.getRequest().getPath(), ex);
      }
      HttpStatus known = HttpStatus.resolve(status.value());
      String title = known != null ? known.getReasonPhrase() : "Error";
      return Problems.write(
          exchange,
          status,
          slug(title),
          title,
          status.value() == 404 ? "No resource at this path." : title + ".");
    }
    log.error("Unexpected gateway error for {}", exchange.getRequest().getPath(), ex);
    return Problems.write(
        exchange,
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal-error",
        "Internal Server Error",
        "The gateway failed to process the request.");
  }

  private static Mono<Void> gatewayTimeout(ServerWebExchange exchange) {
    return Problems.write(
        exchange,
        HttpStatus.GATEWAY_TIMEOUT,
        "gateway-timeout",
        "Gateway Timeout",
        "The service behind this path did not answer in time.");
  }

  private static String slug(String title) {
    return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  static boolean isUnreachable(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof ConnectTimeoutException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof PrematureCloseException
          || t instanceof ClosedChannelException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static boolean isTimeout(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof org.springframework.cloud.gateway.support.TimeoutException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
