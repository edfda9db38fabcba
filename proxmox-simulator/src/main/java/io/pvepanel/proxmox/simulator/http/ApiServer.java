package io.pvepanel.proxmox.simulator.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Authenticator;
import io.pvepanel.proxmox.simulator.auth.Principal;
import io.pvepanel.proxmox.simulator.fault.Faults;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/** The HTTP(S) listener: PVE's transport rules, auth, faults, counters and the router. */
public final class ApiServer implements AutoCloseable {

  /** Handles requests below {@code /_sim}. */
  @FunctionalInterface
  public interface AdminHandler {
    Mono<Void> handle(
        HttpServerRequest request,
        HttpServerResponse response,
        QueryStringDecoder uri,
        byte[] body);
  }

  /** Pre-serialised {@code data} (hot path of /cluster/resources). */
  public record RawJson(String json) {}

  /** A complete pre-serialised response body, envelope included. */
  public record RawEnvelope(byte[] body) {}

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final byte[] EMPTY = new byte[0];
  static final String SERVER = "pve-api-daemon/3.0";
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  static final String JSON_TYPE = "application/json;charset=UTF-8";

  private final Router router;
  private final Authenticator auth;
  private final AccessControl access;
  private final Clock clock;
  private final Faults faults;
  private final RequestCounters counters;
  private final Object stateLock;
  private final Duration unauthorizedDelay;
  private volatile AdminHandler admin;
  private final String host;
  private final PrivateKey tlsKey;
  private final X509Certificate tlsCert;
  private volatile DisposableServer server;
  private volatile int port;

  public ApiServer(
      Router router,
      Authenticator auth,
      AccessControl access,
      Clock clock,
      Faults faults,
      RequestCounters counters,
      Object stateLock,
      Duration unauthorizedDelay,
      String host,
      PrivateKey tlsKey,
      X509Certificate tlsCert) {
    this.router = router;
    this.auth = auth;
    this.access = access;
    this.clock = clock;
    this.faults = faults;
    this.counters = counters;
    this.stateLock = stateLock;
    this.unauthorizedDelay = unauthorizedDelay;
    this.host = host;
    this.tlsKey = tlsKey;
    this.tlsCert = tlsCert;
  }

  /**
   * RFC 7231 IMF-fixdate ({@code Thu, 03 Dec 2026 18:55:45 GMT}), built by hand: a locale-aware
   * formatter would load locale data on the first request (a second, cold).
   */
  static String httpDate(java.time.Instant t) {
    java.time.OffsetDateTime d = t.atOffset(ZoneOffset.UTC);
    return String.format(
        java.util.Locale.ROOT,
        "%s, %02d %s %04d %02d:%02d:%02d GMT",
        DAYS[d.getDayOfWeek().getValue() - 1],
        d.getDayOfMonth(),
        MONTHS[d.getMonthValue() - 1],
        d.getYear(),
        d.getHour(),
        d.getMinute(),
        d.getSecond());
  }

  public void admin(AdminHandler admin) {
    this.admin = admin;
  }

  public synchronized void start(int requestedPort) {
    HttpServer http =
        HttpServer.create().host(host).port(requestedPort).compress(1024).handle(this::handle);
    if (tlsKey != null) {
      Http11SslContextSpec spec = Http11SslContextSpec.forServer(tlsKey, tlsCert);
      http = http.secure(s -> s.sslContext(spec));
    }
    server = http.bindNow(Duration.ofSeconds(10));
    port = server.port();
  }

  /** REFUSE outages: close the listening socket (and open connections) or bind it again. */
  public synchronized void listening(boolean on) {
    if (on && server == null) {
      start(port);
    } else if (!on && server != null) {
      server.disposeNow(Duration.ofSeconds(2));
      server = null;
    }
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.disposeNow(Duration.ofSeconds(2));
      server = null;
    }
  }

  private Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
    res.header("Server", SERVER);
    // pveproxy (AnyEvent::HTTP server of pve-http-server) dates every answer
    res.header("Date", httpDate(clock.instant()));
    String method = req.method().name();
    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
    String rawPath = uri.rawPath();
    boolean upgrade = "websocket".equalsIgnoreCase(req.requestHeaders().get("Upgrade"));
    Mono<byte[]> body =
        upgrade ? Mono.just(EMPTY) : req.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY);
    return body.flatMap(
            b -> {
              if (rawPath.equals("/_sim") || rawPath.startsWith("/_sim/")) {
                AdminHandler a = admin;
                return a == null
                    ? notImplemented(res, method, rawPath)
                    : a.handle(req, res, uri, b);
              }
              return api(req, res, method, rawPath, uri, b);
            })
        .onErrorResume(
            e -> {
              log.warn("request {} {} failed", method, rawPath, e);
              return error(res, 500, String.valueOf(e.getMessage()), null);
            });
  }

  private Mono<Void> api(
      HttpServerRequest req,
      HttpServerResponse res,
      String method,
      String rawPath,
      QueryStringDecoder uri,
      byte[] body) {
    if (!rawPath.equals("/api2/json") && !rawPath.startsWith("/api2/json/")) {
      return notImplemented(res, method, rawPath);
    }
    String rel = decodePath(rawPath.substring("/api2/json".length()));
    Router.Match match = router.match(method, rel);
    counters.increment(method, match != null ? match.route().template() : rel);
    Faults.Effect fx = faults.evaluate(method, rel);
    Mono<Void> pipeline = Mono.defer(() -> process(req, res, method, rel, uri, body, match, fx));
    return fx.latency().isZero() ? pipeline : Mono.delay(fx.latency()).then(pipeline);
  }

  private Mono<Void> process(
      HttpServerRequest req,
      HttpServerResponse res,
      String method,
      String rel,
      QueryStringDecoder uri,
      byte[] body,
      Router.Match match,
      Faults.Effect fx) {
    if (fx.errorStatus() > 0) {
      return error(res, fx.errorStatus(), fx.errorMessage(), null);
    }
    if ((method.equals("GET") || method.equals("DELETE")) && body.length > 0) {
      return error(res, 501, "Unexpected content for method '" + method + "'", null);
    }
    Principal principal = null;
    if (match == null || !match.route().noAuth()) {
      Authenticator.Result r =
          auth.authenticate(
              req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION),
              req.requestHeaders().get(HttpHeaderNames.COOKIE),
              req.requestHeaders().get("CSRFPreventionToken"),
              method);
      if (r instanceof Authenticator.Denied d) {
        return unauthorized(res, d.reason(), false);
      }
      principal = ((Authenticator.Ok) r).principal();
    }
    if (match == null) {
      return notImplemented(res, method, rel);
    }
    try {
      Map<String, Object> raw = new LinkedHashMap<>();
      uri.parameters().forEach((k, v) -> raw.put(k, v.get(v.size() - 1)));
      if ((method.equals("POST") || method.equals("PUT")) && body.length > 0) {
        raw.putAll(parseBody(req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE), body));
      }
      Map<String, String> conflicts = new LinkedHashMap<>();
      match
          .pathParams()
          .forEach(
              (k, v) -> {
                Object given = raw.get(k);
                if (given != null && !String.valueOf(given).equals(v)) {
                  conflicts.put(
                      k, "duplicate parameter (already defined in URI) with conflicting values!");
                }
                raw.put(k, v);
              });
      if (!conflicts.isEmpty()) {
        throw ApiException.param(conflicts);
      }
      if (principal != null) {
        // pve-manager HTTPServer.pm rest_handler: the schema's permissions are checked before the
        // parameters are verified and before the call is proxied to its node
        access.checkRoute(principal, match.route().permission(), match.pathParams());
      }
      Map<String, Object> values = match.route().params().validate(raw);
      ApiRequest request = new ApiRequest(method, rel, values, principal, req);
      Object result;
      synchronized (stateLock) {
        result = match.route().handler().handle(request);
      }
      if (result instanceof Router.RawResponse rr) {
        return Mono.from(rr.send(res));
      }
      byte[] bytes;
      if (result instanceof RawEnvelope re) {
        bytes = re.body();
      } else if (result instanceof RawJson rj) {
        bytes = ("{\"data\":" + rj.json() + "}").getBytes(StandardCharsets.UTF_8);
      } else if (result instanceof Router.Paged p) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("data", p.data());
        env.put("total", p.total());
        bytes = Json.write(env);
      } else {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("data", result);
        bytes = Json.write(env);
      }
      return fx.truncate() ? truncated(res, bytes) : ok(res, bytes);
    } catch (ApiException e) {
      if (e.status() == 401) {
        return unauthorized(res, e.getMessage(), true);
      }
      return error(res, e.status(), e.getMessage(), e.errors());
    }
  }

  /** Form or JSON body to raw parameter values. */
  public static Map<String, Object> parseBody(String contentType, byte[] body) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (contentType != null && contentType.toLowerCase().contains("application/json")) {
      JsonNode node;
      try {
        node = Json.read(body);
      } catch (RuntimeException e) {
        throw new ApiException(400, "malformed JSON body");
      }
      if (node == null || !node.isObject()) {
        throw new ApiException(400, "malformed JSON body - expected an object");
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode v = e.getValue();
        if (v.isNull()) {
          continue;
        } else if (v.isBoolean()) {
          out.put(e.getKey(), v.booleanValue());
        } else if (v.isIntegralNumber()) {
          out.put(e.getKey(), v.longValue());
        } else if (v.isNumber()) {
          out.put(e.getKey(), v.doubleValue());
        } else if (v.isString()) {
          out.put(e.getKey(), v.stringValue());
        } else {
          out.put(e.getKey(), v.toString());
        }
      }
      return out;
    }
    String form = new String(body, StandardCharsets.UTF_8);
    new QueryStringDecoder(form, StandardCharsets.UTF_8, false)
        .parameters()
        .forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
    return out;
  }

  static String decodePath(String p) {
    String d = QueryStringDecoder.decodeComponent(p.replace("+", "%2B"));
    while (d.length() > 1 && d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d.isEmpty() ? "/" : d;
  }

  private Mono<Void> notImplemented(HttpServerResponse res, String method, String path) {
    return error(res, 501, "Method '" + method + " " + path + "' not implemented", null);
  }

  private Mono<Void> unauthorized(HttpServerResponse res, String reason, boolean withBody) {
    Mono<Void> send =
        Mono.defer(
            () -> {
              if (withBody) {
                return error(res, 401, reason, null);
              }
              return send(res, 401, reason, EMPTY);
            });
    return unauthorizedDelay.isZero() ? send : Mono.delay(unauthorizedDelay).then(send);
  }

  /** PVE error: reason = first line, body {data:null, message, errors?}, connection closed. */
  public static Mono<Void> error(
      HttpServerResponse res, int status, String message, Map<String, String> errors) {
    String msg = message == null ? "" : message;
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("data", null);
    if (errors != null && !errors.isEmpty()) {
      env.put("errors", errors);
    }
    env.put("message", msg.endsWith("\n") ? msg : msg + "\n");
    return send(res, status, firstLine(msg), Json.write(env));
  }

  public static Mono<Void> ok(HttpServerResponse res, byte[] body) {
    return send(res, 200, "OK", body);
  }

  static Mono<Void> send(HttpServerResponse res, int status, String reason, byte[] body) {
    res.status(new HttpResponseStatus(status, reason));
    if (status >= 400) {
      res.keepAlive(false);
    }
    if (body.length > 0) {
      res.header(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE);
    }
    return res.sendByteArray(Mono.just(body)).then();
  }

  /**
   * Writes a response head announcing the full length, then half the body, then closes the socket.
   * Written below the HTTP codec (still through TLS) so Netty cannot "fix" the framing.
   */
  private static Mono<Void> truncated(HttpServerResponse res, byte[] body) {
    byte[] half = java.util.Arrays.copyOf(body, body.length / 2);
    String head =
        "HTTP/1.1 200 OK\r\nServer: "
            + SERVER
            + "\r\nContent-Type: "
            + JSON_TYPE
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    return Mono.<Void>fromRunnable(
            () ->
                res.withConnection(
                    c -> {
                      io.netty.channel.ChannelHandlerContext codec =
                          c.channel().pipeline().context(NettyPipeline.HttpCodec);
                      io.netty.buffer.ByteBuf buf =
                          Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), half);
                      (codec != null ? codec.writeAndFlush(buf) : c.channel().writeAndFlush(buf))
                          .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                    }))
        .then(Mono.never());
  }

  static String firstLine(String msg) {
    String m = msg;
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    return m.replace('\r', ' ');
  }
}
