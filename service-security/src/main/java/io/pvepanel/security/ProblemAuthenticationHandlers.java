package io.pvepanel.security;

import io.pvepanel.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/**
 * 401 and 403 as RFC 9457 problem documents, keeping the {@code WWW-Authenticate} header RFC 6750
 * asks for. The body never says why a token failed beyond "invalid token": details help attackers
 * more than users. Written by service-web's {@link Problems#write}.
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
      return Problems.write(
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
      return Problems.write(
          exchange,
          HttpStatus.FORBIDDEN,
          "forbidden",
          "Forbidden",
          "This action needs a role the caller does not have.");
    };
  }
}
