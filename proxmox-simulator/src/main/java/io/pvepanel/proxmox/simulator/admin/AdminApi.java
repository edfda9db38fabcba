package io.pvepanel.proxmox.simulator.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.pvepanel.proxmox.simulator.GuestView;
import io.pvepanel.proxmox.simulator.SshEndpoint;
import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.fault.FaultRule;
import io.pvepanel.proxmox.simulator.fault.Faults;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiServer;
import io.pvepanel.proxmox.simulator.http.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Test hooks over HTTP below {@code /_sim} (no auth; the simulator binds to loopback by default),
 * mirroring the Java API so a simulator in another process can be driven by end-to-end tests.
 */
public final class AdminApi implements ApiServer.AdminHandler {

  private final TestHooks sim;

  public AdminApi(TestHooks sim) {
    this.sim = sim;
  }

  @Override
  public Mono<Void> handle(
      HttpServerRequest req, HttpServerResponse res, QueryStringDecoder uri, byte[] body) {
    String method = req.method().name();
    String[] seg = uri.path().replaceAll("^/+|/+$", "").split("/");
    try {
      Map<String, Object> p = new LinkedHashMap<>();
      uri.parameters().forEach((k, v) -> p.put(k, v.get(v.size() - 1)));
      if (body.length > 0) {
        p.putAll(parse(req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE), body));
      }
      Object data = route(method, seg, p);
      if (data instanceof Mono<?> after) {
        // respond first, then act (REFUSE outages close this very listener)
        return ApiServer.ok(res, envelope(null))
            .then(
                Mono.fromRunnable(
                    () -> after.subscribeOn(Schedulers.boundedElastic()).subscribe()));
      }
      return ApiServer.ok(res, envelope(data));
    } catch (ApiException e) {
      return ApiServer.error(res, e.status(), e.getMessage(), e.errors());
    } catch (IllegalArgumentException e) {
      return ApiServer.error(res, 400, e.getMessage(), null);
    }
  }

  private static Map<String, Object> parse(String contentType, byte[] body) {
    try {
      return ParseSupport.parse(contentType, body);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed body");
    }
  }

  private static byte[] envelope(Object data) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("data", data);
    return Json.write(env);
  }

  private Object route(String method, String[] s, Map<String, Object> p) {
    String key = method + " " + String.join("/", s);
    if (key.equals("GET _sim") || key.equals("GET _sim/info")) {
      return info();
    }
    if (s.length >= 2 && s[1].equals("guests")) {
      if (s.length == 2 && method.equals("GET")) {
        return sim.guests();
      }
      int vmid = Integer.parseInt(s[2]);
      if (s.length == 3 && method.equals("GET")) {
        GuestView v = sim.guest(vmid);
        if (v == null) {
          throw new ApiException(404, "no guest " + vmid);
        }
        return v;
      }
      if (s.length == 4 && method.equals("POST")) {
        switch (s[3]) {
          case "hot" -> {
            sim.setHot(vmid, bool(p.getOrDefault("hot", "1")));
            return sim.guest(vmid);
          }
          case "lock" -> {
            Object lock = p.get("lock");
            sim.setLock(vmid, lock == null || lock.toString().isEmpty() ? null : lock.toString());
            return sim.guest(vmid);
          }
          case "agent" -> {
            sim.setAgentResponding(vmid, bool(p.getOrDefault("responding", "1")));
            return sim.guest(vmid);
          }
          case "file-lock" -> {
            sim.holdConfigFileLock(vmid, bool(p.getOrDefault("held", "1")));
            return Map.of("vmid", vmid, "held", bool(p.getOrDefault("held", "1")));
          }
          case "password-check" -> {
            Map<String, Object> m = new LinkedHashMap<>();
            Object pw = p.get("password");
            m.put("matches", pw != null && sim.passwordMatches(vmid, pw.toString()));
            m.put("changes", sim.passwordChangeCount(vmid));
            return m;
          }
          default -> {}
        }
      }
    }
    if (s.length == 2 && s[1].equals("counters")) {
      if (method.equals("DELETE")) {
        sim.resetCounters();
        return null;
      }
      if (p.containsKey("method") && p.containsKey("route")) {
        return Map.of(
            "count", sim.requestCount(p.get("method").toString(), p.get("route").toString()));
      }
      return sim.requestCounts();
    }
    if (s.length >= 2 && s[1].equals("faults")) {
      Faults f = sim.faults();
      if (s.length == 2 && method.equals("GET")) {
        return f.rules();
      }
      if (s.length == 2 && method.equals("DELETE")) {
        return (Mono<Void>) Mono.<Void>fromRunnable(f::clear);
      }
      if (s.length == 3 && method.equals("DELETE")) {
        return f.remove(s[2]);
      }
      if (s.length == 2 && method.equals("POST")) {
        int status = (int) num(p.get("status"), 0);
        return f.add(
            new FaultRule(
                null,
                str(p.get("method"), "*"),
                str(p.get("path"), "**"),
                Duration.ofMillis((long) num(p.get("latencyMs"), 0)),
                num(p.get("errorRate"), status > 0 ? 1.0 : 0),
                status,
                p.get("message") == null ? null : p.get("message").toString(),
                bool(p.getOrDefault("truncate", "0"))));
      }
    }
    if (s.length == 2 && s[1].equals("outage")) {
      Faults f = sim.faults();
      if (method.equals("DELETE")) {
        return (Mono<Void>) Mono.<Void>fromRunnable(f::endOutage);
      }
      if (method.equals("POST")) {
        String mode = str(p.get("mode"), "595");
        long ms = (long) num(p.get("durationMs"), 0);
        Faults.OutageMode m =
            mode.equalsIgnoreCase("refuse")
                ? Faults.OutageMode.REFUSE
                : Faults.OutageMode.ERROR_595;
        if (m == Faults.OutageMode.REFUSE && ms <= 0) {
          throw new IllegalArgumentException(
              "mode=refuse needs durationMs (the admin API goes down too)");
        }
        Mono<Void> start = Mono.fromRunnable(() -> f.outage(m));
        if (ms > 0) {
          start =
              start.then(
                  Mono.delay(Duration.ofMillis(ms), Schedulers.boundedElastic())
                      .then(Mono.fromRunnable(f::endOutage)));
        }
        return start;
      }
    }
    if (s.length >= 2 && s[1].equals("access")) {
      return access(method, s, p);
    }
    if (key.equals("POST _sim/clock/advance")) {
      sim.advanceClock(Duration.ofMillis((long) (num(p.get("seconds"), 0) * 1000)));
      return Map.of("now", sim.clock().instant().getEpochSecond());
    }
    throw new ApiException(404, "no admin route " + key);
  }

  /**
   * The simulated user.cfg: {@code GET /_sim/access}; {@code POST /_sim/access/roles} {@code
   * roleid, privs}; {@code DELETE /_sim/access/roles/{roleid}}; {@code POST /_sim/access/acl}
   * {@code path, roles, tokens|users, propagate=1, delete=0} (as {@code PUT /access/acl}); {@code
   * POST /_sim/access/token} {@code privsep}; {@code POST /_sim/access/pools} {@code poolid, vms,
   * storage}; {@code DELETE /_sim/access} back to the configuration.
   */
  private Object access(String method, String[] s, Map<String, Object> p) {
    AccessControl a = sim.access();
    String sub = s.length > 2 ? s[2] : "";
    switch (method + " " + sub) {
      case "GET " -> {
        return a.dump();
      }
      case "DELETE " -> {
        a.reset();
        return a.dump();
      }
      case "POST roles" -> {
        a.role(required(p, "roleid"), list(p.get("privs")));
        return a.dump();
      }
      case "DELETE roles" -> {
        if (s.length < 4) {
          throw new IllegalArgumentException("DELETE /_sim/access/roles/{roleid}");
        }
        a.deleteRole(s[3]);
        return a.dump();
      }
      case "POST acl" -> {
        String path = required(p, "path");
        boolean propagate = bool(p.getOrDefault("propagate", "1"));
        boolean delete = bool(p.getOrDefault("delete", "0"));
        List<String> subjects = new ArrayList<>(list(p.get("users")));
        subjects.addAll(list(p.get("tokens")));
        if (subjects.isEmpty()) {
          throw new IllegalArgumentException("users or tokens required");
        }
        for (String subject : subjects) {
          for (String role : list(p.get("roles"))) {
            if (delete) {
              a.revoke(path, subject, role);
            } else {
              a.grant(path, subject, role, propagate);
            }
          }
        }
        return a.dump();
      }
      case "POST token" -> {
        a.privsep(bool(p.getOrDefault("privsep", "1")));
        return a.dump();
      }
      case "POST pools" -> {
        List<Integer> vms = list(p.get("vms")).stream().map(Integer::valueOf).toList();
        a.pool(required(p, "poolid"), vms, list(p.get("storage")));
        return a.dump();
      }
      default ->
          throw new ApiException(404, "no admin route " + method + " " + String.join("/", s));
    }
  }

  private static String required(Map<String, Object> p, String name) {
    Object v = p.get(name);
    if (v == null || v.toString().isBlank()) {
      throw new IllegalArgumentException(name + " required");
    }
    return v.toString();
  }

  /** PVE lists: comma, semicolon or space separated. */
  private static List<String> list(Object o) {
    if (o == null) {
      return List.of();
    }
    return java.util.Arrays.stream(o.toString().split("[,;\\s]+"))
        .filter(x -> !x.isEmpty())
        .toList();
  }

  private Map<String, Object> info() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("baseUrl", sim.baseUrl());
    m.put("tokenId", sim.tokenId());
    m.put("tokenSecret", sim.tokenSecret());
    m.put("apiToken", sim.apiTokenHeaderValue());
    m.put("rootPassword", sim.rootPassword());
    m.put("fingerprint", sim.tlsFingerprint());
    m.put("nodes", sim.nodes());
    Map<String, Object> ssh = new LinkedHashMap<>();
    for (SshEndpoint e : sim.sshEndpoints().values()) {
      ssh.put(e.node(), e);
    }
    m.put("ssh", ssh);
    m.put("now", sim.clock().instant().getEpochSecond());
    return m;
  }

  private static boolean bool(Object o) {
    String t = String.valueOf(o);
    return t.equals("1") || t.equalsIgnoreCase("true");
  }

  private static double num(Object o, double def) {
    if (o == null) {
      return def;
    }
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    return Double.parseDouble(o.toString());
  }

  private static String str(Object o, String def) {
    return o == null ? def : o.toString();
  }
}
