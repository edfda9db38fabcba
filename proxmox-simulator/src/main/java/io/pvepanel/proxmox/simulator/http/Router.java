package io.pvepanel.proxmox.simulator.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/** A tiny template router: {@code /nodes/{node}/lxc/{vmid}/status/current}. */
public final class Router {

  /** Produces the {@code data} of the envelope (or a {@link Paged} / {@link RawResponse}). */
  @FunctionalInterface
  public interface Handler {
    Object handle(ApiRequest request);
  }

  /** Envelope with a {@code total} sibling (task log). */
  public record Paged(Object data, long total) {}

  /** Full control over the response (websocket upgrades). */
  @FunctionalInterface
  public interface RawResponse {
    Publisher<Void> send(HttpServerResponse response);
  }

  record Route(
      String method,
      String template,
      String[] segments,
      Params params,
      Handler handler,
      boolean noAuth) {}

  record Match(Route route, Map<String, String> pathParams) {}

  private final List<Route> routes = new ArrayList<>();

  public void get(String template, Params params, Handler handler) {
    add("GET", template, params, handler, false);
  }

  public void post(String template, Params params, Handler handler) {
    add("POST", template, params, handler, false);
  }

  public void put(String template, Params params, Handler handler) {
    add("PUT", template, params, handler, false);
  }

  public void delete(String template, Params params, Handler handler) {
    add("DELETE", template, params, handler, false);
  }

  public void add(String method, String template, Params params, Handler handler, boolean noAuth) {
    String[] segs = split(template);
    List<String> pathParams = new ArrayList<>();
    for (String s : segs) {
      if (s.startsWith("{")) {
        pathParams.add(s.substring(1, s.length() - 1));
      }
    }
    routes.add(new Route(method, template, segs, params.withPath(pathParams), handler, noAuth));
  }

  /** The route for method+path, or null. Literal segments win over variables. */
  Match match(String method, String path) {
    String[] segs = split(path);
    Match best = null;
    int bestLiterals = -1;
    for (Route r : routes) {
      if (!r.method().equals(method) || r.segments().length != segs.length) {
        continue;
      }
      Map<String, String> vars = new LinkedHashMap<>();
      int literals = 0;
      boolean ok = true;
      for (int i = 0; i < segs.length && ok; i++) {
        String t = r.segments()[i];
        if (t.startsWith("{")) {
          vars.put(t.substring(1, t.length() - 1), segs[i]);
        } else if (t.equals(segs[i])) {
          literals++;
        } else {
          ok = false;
        }
      }
      if (ok && literals > bestLiterals) {
        best = new Match(r, vars);
        bestLiterals = literals;
      }
    }
    return best;
  }

  static String[] split(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/");
  }
}
