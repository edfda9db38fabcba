package io.pvepanel.gateway.support;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backend that answers every request with what it received, as JSON: {@code {"backend", "method",
 * "path", "query", "headers": {lower-case name: [values]}, "body"}}. {@code /slow} answers after 5
 * s; {@code /jwks} serves a configured JWK set. Counts requests so tests can prove that nothing
 * reached it.
 */
public final class EchoBackend implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String name;
  private final AtomicInteger requests = new AtomicInteger();
  private final DisposableServer server;
  private volatile String jwks = "{\"keys\":[]}";

  public EchoBackend(String name) {
    this.name = name;
    this.server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (req, res) -> {
                  if (req.path().equals("jwks")) {
                    return res.header("Content-Type", "application/json")
                        .sendString(Mono.just(jwks));
                  }
                  requests.incrementAndGet();
                  return req.receive()
                      .aggregate()
                      .asString(StandardCharsets.UTF_8)
                      .defaultIfEmpty("")
                      .flatMap(
                          body -> {
                            Map<String, Object> echo = new LinkedHashMap<>();
                            echo.put("backend", name);
                            echo.put("method", req.method().name());
                            String uri = req.uri();
                            int q = uri.indexOf('?');
                            echo.put("path", q < 0 ? uri : uri.substring(0, q));
                            echo.put("query", q < 0 ? null : uri.substring(q + 1));
                            Map<String, List<String>> headers = new LinkedHashMap<>();
                            req.requestHeaders()
                                .forEach(
                                    e ->
                                        headers
                                            .computeIfAbsent(
                                                e.getKey().toLowerCase(Locale.ROOT),
                                                k -> new ArrayList<>())
                                            .add(e.getValue()));
                            echo.put("headers", headers);
                            echo.put("body", body);
                            Mono<String> json = Mono.just(JSON.writeValueAsString(echo));
                            if (req.path().endsWith("slow")) {
                              json = json.delayElement(Duration.ofSeconds(5));
                            }
                            return json;
                          })
                      .flatMap(
                          json ->
                              res.status(HttpResponseStatus.OK)
                                  .header("Content-Type", "application/json")
                                  .sendString(Mono.just(json))
                                  .then());
                })
            .bindNow();
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public String name() {
    return name;
  }

  public int requests() {
    return requests.get();
  }

  public void serveJwks(String jwkSetJson) {
    this.jwks = jwkSetJson;
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
