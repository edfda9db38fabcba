package io.pvepanel.proxmox.simulator.http;

import io.pvepanel.proxmox.simulator.auth.Permission;
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
      boolean noAuth,
      Permission permission) {}

  /** A registered route; {@link #check} declares its schema permission. */
  public final class Registration {
    private final int index;

    private Registration(int index) {
      this.index = index;
    }

    /** The route's {@code permissions} (default: {@code user => 'all'}, checks inside). */
    public Registration check(Permission permission) {
      Route r = routes.get(index);
      routes.set(
          index,
          new Route(
              r.method(),
              r.template(),
              r.segments(),
              r.params(),
              r.handler(),
              r.noAuth(),
              permission));
      return this;
    }
  }

  record Match(Route route, Map<String, String> pathParams) {}

  private final List<Route> routes = new ArrayList<>();

  public Registration get(String template, Params params, Handler handler) {
    return add("GET", template, params, handler, false);
  }

  public Registration post(String template, Params params, Handler handler) {
    return add("POST", template, params, handler, false);
  }

  public Registration put(String template, Params params, Handler handler) {
    return add("PUT", template, params, handler, false);
  }

  public Registration delete(String template, Params params, Handler handler) {
    return add("DELETE", template, params, handler, false);
  }

  public Registration add(
      String method, String template, Params params, Handler handler, boolean noAuth) {
    String[] segs = split(template);
    List<String> pathParams = new ArrayList<>();
    for (String s : segs) {
      if (s.startsWith("{")) {
        pathParams.add(s.substring(1, s.length() - 1));
      }
    }
    routes.add(
        new Route(
            method,
            template,
            segs,
            params.withPath(pathParams),
            handler,
            noAuth,
            Permission.all()));
    return new Registration(routes.size() - 1);
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
