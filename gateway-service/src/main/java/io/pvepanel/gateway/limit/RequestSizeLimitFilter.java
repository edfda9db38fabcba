package io.pvepanel.gateway.limit;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.web.Problems;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Header and body size limits, checked before anything else (authentication included): headers
 * larger than {@code limits.max-header-size} get 431, a declared {@code Content-Length} above
 * {@code limits.max-body-size} gets 413 before a byte is forwarded, and a chunked body that grows
 * past it is cut (413 when the response has not started yet).
 */
@Component
public class RequestSizeLimitFilter implements WebFilter, Ordered {

  /** Before the security chain (-100) and everything else of the gateway. */
  public static final int ORDER = -300;

  private final long maxHeaderBytes;
  private final long maxBodyBytes;

  public RequestSizeLimitFilter(GatewayProperties properties) {
    this.maxHeaderBytes = properties.limits().maxHeaderSize().toBytes();
    this.maxBodyBytes = properties.limits().maxBodySize().toBytes();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    long headerBytes = 0;
    for (Map.Entry<String, List<String>> e : request.getHeaders().headerSet()) {
      for (String v : e.getValue()) {
        headerBytes += e.getKey().length() + v.length() + 4;
      }
    }
    if (headerBytes > maxHeaderBytes) {
      return Problems.write(
          exchange,
          HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "headers-too-large",
          "Request Header Fields Too Large",
          "The request headers exceed " + maxHeaderBytes + " bytes.");
    }
    long declared = request.getHeaders().getContentLength();
    if (declared > maxBodyBytes) {
      return tooLarge(exchange);
    }
    // Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body (RFC 9112
    // 6.3), so only chunked bodies need counting as they arrive.
    if (declared >= 0 || !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
      return chain.filter(exchange);
    }
    ServerHttpRequest limited =
        new ServerHttpRequestDecorator(request) {
          @Override
          public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody()
                .handle(
                    (buffer, sink) -> {
                      if (seen.addAndGet(buffer.readableByteCount()) > maxBodyBytes) {
                        org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                        sink.error(new PayloadTooLargeException());
                      } else {
                        sink.next(buffer);
                      }
                    });
          }
        };
    return chain.filter(exchange.mutate().request(limited).build());
  }

  private Mono<Void> tooLarge(ServerWebExchange exchange) {
    return Problems.write(
        exchange,
        HttpStatus.CONTENT_TOO_LARGE,
        "payload-too-large",
        "Content Too Large",
        "The request body exceeds " + maxBodyBytes + " bytes.");
  }
}
