package io.pvepanel.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small blocking JSON client (JDK HttpClient): the test talks to the suite like a script. */
final class Http {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  /** An answer: status, raw body, and the body as JSON (a missing node when it is not JSON). */
  record Response(int status, String body, JsonNode json, String method, String uri) {
    @Override
    public String toString() {
      return method + " " + uri + " -> " + status + " " + abbreviate(body);
    }
  }

  private final String base;
  private final String token;

  Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, Object body) {
    return send("POST", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** {@code body}: null (no body), a String (sent as is) or anything Jackson writes as JSON. */
  Response send(String method, String path, Object body) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(text));
    }
    HttpResponse<String> r;
    try {
      r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + uri + " interrupted", e);
    }
    JsonNode json;
    try {
      json = r.body().isBlank() ? JSON.missingNode() : JSON.readTree(r.body());
    } catch (RuntimeException e) {
      json = JSON.missingNode();
    }
    return new Response(r.statusCode(), r.body(), json, method, uri.toString());
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replace('\n', ' ');
    return one.length() <= 600 ? one : one.substring(0, 600) + "...";
  }
}
