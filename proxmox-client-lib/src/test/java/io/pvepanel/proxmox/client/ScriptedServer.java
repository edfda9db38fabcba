package io.pvepanel.proxmox.client;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * A scripted HTTP server on a random port: answers come from a queue (per call) or a default
 * function; every request is recorded. Used for PVE quirks the simulator does not produce.
 */
final class ScriptedServer implements AutoCloseable {

  record Recorded(String method, String uri, HttpHeaders headers, String body) {
    String path() {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }

    String query() {
      int q = uri.indexOf('?');
      return q < 0 ? "" : uri.substring(q + 1);
    }
  }

  /**
   * A canned answer.
   *
   * @param declaredLength when set, Content-Length claims this many bytes (truncation)
   */
  record Reply(int status, String reason, String body, Duration delay, Integer declaredLength) {
    static Reply ok(String json) {
      return new Reply(200, "OK", json, Duration.ZERO, null);
    }

    static Reply data(String dataJson) {
      return ok("{\"data\":" + dataJson + "}");
    }

    static Reply error(int status, String reason, String body) {
      return new Reply(status, reason, body, Duration.ZERO, null);
    }

    Reply delayed(Duration d) {
      return new Reply(status, reason, body, d, declaredLength);
    }

    Reply truncated() {
      return new Reply(status, reason, body, delay, body.length() + 100);
    }
  }

  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Deque<Reply> queue = new ArrayDeque<>();
  private volatile Function<Recorded, Reply> fallback =
      r -> Reply.error(501, "Method '" + r.method() + " " + r.path() + "' not implemented", "");
  private final DisposableServer server;
  private final boolean https;
  // pveproxy (pve-http-server AnyEvent.pm) sends a Date header; set one to script a node's clock
  private volatile java.time.Instant date;

  private ScriptedServer(Http11SslContextSpec tls) {
    HttpServer http = HttpServer.create().host("127.0.0.1").port(0);
    if (tls != null) {
      http = http.secure(spec -> spec.sslContext(tls));
    }
    this.https = tls != null;
    this.server =
        http.handle(
                (req, res) ->
                    req.receive()
                        .aggregate()
                        .asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(
                            body -> {
                              Recorded r =
                                  new Recorded(
                                      req.method().name(), req.uri(), req.requestHeaders(), body);
                              requests.add(r);
                              Reply reply = next(r);
                              byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                              res.status(new HttpResponseStatus(reply.status(), reply.reason()))
                                  .header("Content-Type", "application/json;charset=UTF-8")
                                  .header(
                                      "Content-Length",
                                      Integer.toString(
                                          reply.declaredLength() != null
                                              ? reply.declaredLength()
                                              : bytes.length));
                              java.time.Instant now = date;
                              if (now != null) {
                                res.header(
                                    "Date",
                                    java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                        now.atZone(java.time.ZoneOffset.UTC)));
                              }
                              if (reply.declaredLength() != null || reply.status() >= 400) {
                                // PVE closes after errors; truncation needs the close too.
                                res.keepAlive(false);
                              }
                              Mono<Void> send = res.sendByteArray(Mono.just(bytes)).then();
                              return reply.delay().isZero()
                                  ? send
                                  : Mono.delay(reply.delay()).then(send);
                            }))
            .bindNow();
  }

  static ScriptedServer http() {
    return new ScriptedServer(null);
  }

  static ScriptedServer https(Http11SslContextSpec tls) {
    return new ScriptedServer(tls);
  }

  private synchronized Reply next(Recorded r) {
    Reply queued = queue.pollFirst();
    return queued != null ? queued : fallback.apply(r);
  }

  synchronized ScriptedServer enqueue(Reply... replies) {
    queue.addAll(List.of(replies));
    return this;
  }

  /** Sends {@code Date: <date>} with every answer from now on (null: no Date header). */
  ScriptedServer date(java.time.Instant date) {
    this.date = date;
    return this;
  }

  ScriptedServer otherwise(Function<Recorded, Reply> f) {
    this.fallback = f;
    return this;
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  long count(String method, String pathPrefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
        .count();
  }

  String baseUrl() {
    return (https ? "https" : "http") + "://127.0.0.1:" + server.port();
  }

  ProxmoxClusterProperties tokenProps() {
    return ProxmoxClusterProperties.builder("test", baseUrl())
        .apiToken("panel@pve!ctl=secret-uuid")
        .allowInsecureHttp(!https)
        .build();
  }

  static Map<String, String> formOf(String body) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    if (body.isEmpty()) {
      return m;
    }
    for (String kv : body.split("&")) {
      int eq = kv.indexOf('=');
      m.put(
          java.net.URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
