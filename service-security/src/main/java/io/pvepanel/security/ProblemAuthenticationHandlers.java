package io.pvepanel.security;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 as RFC 9457 problem documents, keeping the {@code WWW-Authenticate} header RFC 6750
 * asks for. The body never says why a token failed beyond "invalid token": details help attackers
 * more than users.
 */
public final class ProblemAuthenticationHandlers {

  private ProblemAuthenticationHandlers() {}

  public static ServerAuthenticationEntryPoint entryPoint() {
    return (exchange, e) -> {
      String challenge =
          e instanceof OAuth2AuthenticationException
              ? "Bearer error=\"invalid_token\", error_description=\"The token is not valid\""
              : "Bearer";
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
      return write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          "unauthorized",
          "Unauthorized",
          "A valid bearer token is required.");
    };
  }

  public static ServerAccessDeniedHandler accessDeniedHandler() {
    return (exchange, e) -> {
      exchange
          .getResponse()
          .getHeaders()
          .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
      return write(
          exchange,
          HttpStatus.FORBIDDEN,
          "forbidden",
          "Forbidden",
          "This action needs a role the caller does not have.");
    };
  }

  private static Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, String type, String title, String detail) {
    var response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
    String body =
        "{\"type\":\"https://pvepanel.io/problems/"
            + type
            + "\",\"title\":\""
            + title
            + "\",\"status\":"
            + status.value()
            + ",\"detail\":\""
            + detail
            + "\"}";
    DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(buffer));
  }
}
