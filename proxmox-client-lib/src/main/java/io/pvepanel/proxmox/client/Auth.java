package io.pvepanel.proxmox.client;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/** Adds credentials to requests. Implementations never expose secrets in toString/messages. */
sealed interface Auth permits TokenAuth, TicketAuth {

  /** Headers for one request; may first obtain or renew a ticket. */
  Mono<Map<String, String>> headers(HttpMethod method);

  /** Called when a request with these credentials got 401, so a stale ticket is dropped. */
  default void unauthorized() {}

  static void apply(HttpHeaders target, Map<String, String> headers) {
    headers.forEach(target::set);
  }
}
