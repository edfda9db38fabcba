package io.pvepanel.proxmox.client;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/** API token auth: one static header, no CSRF token, no cookie. */
final class TokenAuth implements Auth {
  private static final String PREFIX = "PVEAPIToken=";
  private final Mono<Map<String, String>> headers;

  TokenAuth(String token) {
    String value = token.strip();
    if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      value = value.substring(PREFIX.length());
    } else if (value.regionMatches(true, 0, "PVEAPIToken ", 0, PREFIX.length())) {
      value = value.substring(PREFIX.length());
    }
    if (!value.matches("[^@\\s]+@[^!\\s]+![A-Za-z][A-Za-z0-9.\\-_]+=\\S+")) {
      // The value itself is a secret: say what is wrong without echoing it.
      throw new IllegalArgumentException("api token must look like USER@REALM!TOKENID=SECRET");
    }
    this.headers = Mono.just(Map.of(HttpHeaders.AUTHORIZATION, PREFIX + value));
  }

  @Override
  public Mono<Map<String, String>> headers(HttpMethod method) {
    return headers;
  }

  @Override
  public String toString() {
    return "TokenAuth[***]";
  }
}
