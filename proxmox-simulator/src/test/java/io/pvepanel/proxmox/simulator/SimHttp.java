package io.pvepanel.proxmox.simulator;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small blocking test client over Reactor Netty (java.net.http hides reason phrases). */
final class SimHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  record Resp(int status, String reason, HttpHeaders headers, String body, long millis) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    JsonNode data() {
      return json().get("data");
    }

    String message() {
      return json().get("message").stringValue();
    }
  }

  private final String base;
  private final HttpClient client;
  private Consumer<HttpHeaders> auth;

  SimHttp(ProxmoxSimulator sim) {
    this.base = sim.baseUrl();
    this.client = HttpClient.create();
    String token = sim.apiTokenHeaderValue();
    this.auth = h -> h.set("Authorization", token);
  }

  SimHttp withAuth(Consumer<HttpHeaders> auth) {
    this.auth = auth;
    return this;
  }

  Resp get(String path) {
    return send("GET", path, null, null, auth);
  }

  Resp delete(String path) {
    return send("DELETE", path, null, null, auth);
  }

  Resp post(String path, String... kv) {
    return send("POST", path, form(kv), "application/x-www-form-urlencoded", auth);
  }

  Resp put(String path, String... kv) {
    return send("PUT", path, form(kv), "application/x-www-form-urlencoded", auth);
  }

  Resp postJson(String path, String json) {
    return send("POST", path, json, "application/json", auth);
  }

  static String form(String... kv) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  Resp send(
      String method, String path, String body, String contentType, Consumer<HttpHeaders> headers) {
    String url = path.startsWith("/_sim") ? base + path : base + "/api2/json" + path;
    long start = System.nanoTime();
    return client
        .headers(
            h -> {
              if (headers != null) {
                headers.accept(h);
              }
              if (contentType != null) {
                h.set("Content-Type", contentType);
              }
            })
        .request(HttpMethod.valueOf(method))
        .uri(url)
        .send(body == null ? Mono.empty() : ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle(
            (res, content) ->
                content
                    .asString(StandardCharsets.UTF_8)
                    .defaultIfEmpty("")
                    .map(
                        b ->
                            new Resp(
                                res.status().code(),
                                res.status().reasonPhrase(),
                                res.responseHeaders(),
                                b,
                                (System.nanoTime() - start) / 1_000_000)))
        .block(TIMEOUT);
  }

  /** Waits (bounded) for a task and returns its final status object. */
  JsonNode awaitTask(String upid) {
    String node = upid.split(":")[1];
    String path = "/nodes/" + node + "/tasks/" + enc(upid) + "/status";
    return Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> get(path).data(), d -> "stopped".equals(d.get("status").stringValue()));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
