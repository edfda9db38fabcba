package io.pvepanel.proxmox.simulator.console;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.pvepanel.proxmox.simulator.auth.Authenticator;
import io.pvepanel.proxmox.simulator.guest.Cluster;
import io.pvepanel.proxmox.simulator.guest.Guest;
import io.pvepanel.proxmox.simulator.guest.GuestType;
import io.pvepanel.proxmox.simulator.guest.Guests;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.task.Task;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;

/** vncproxy / termproxy tickets and the vncwebsocket endpoint (§7). */
public final class ConsoleApi {

  /** VNC tickets are valid for about 40 s (PVE: -20..40 s). */
  static final long TICKET_MAX_AGE_S = 40;

  record Session(
      int port,
      int vmid,
      GuestType type,
      String user,
      boolean term,
      Task task,
      java.util.concurrent.atomic.AtomicBoolean connected) {}

  private final Cluster cluster;
  private final TaskManager tasks;
  private final Authenticator auth;
  private final String certPem;
  private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
  private int nextPort = 5900;

  public ConsoleApi(Cluster cluster, TaskManager tasks, Authenticator auth, String certPem) {
    this.cluster = cluster;
    this.tasks = tasks;
    this.auth = auth;
    this.certPem = certPem;
  }

  public void register(Router r) {
    r.post(
        "/nodes/{node}/lxc/{vmid}/termproxy",
        Params.none(),
        req -> proxy(req, GuestType.LXC, true));
    r.post(
        "/nodes/{node}/qemu/{vmid}/termproxy",
        Params.none().enumOf("serial", "serial0", "serial1", "serial2", "serial3"),
        req -> proxy(req, GuestType.QEMU, true));
    r.post(
        "/nodes/{node}/lxc/{vmid}/vncproxy",
        Params.none().bool("websocket").integer("width", 16, 4096).integer("height", 16, 2160),
        req -> proxy(req, GuestType.LXC, false));
    r.post(
        "/nodes/{node}/qemu/{vmid}/vncproxy",
        Params.none().bool("websocket").bool("generate-password"),
        req -> proxy(req, GuestType.QEMU, false));
    Params ws =
        Params.none()
            .integer("port", 5900, 5999)
            .str("vncticket", null, 512)
            .required("port", "vncticket");
    r.get("/nodes/{node}/lxc/{vmid}/vncwebsocket", ws, req -> websocket(req, GuestType.LXC));
    r.get("/nodes/{node}/qemu/{vmid}/vncwebsocket", ws, req -> websocket(req, GuestType.QEMU));
  }

  private int allocatePort() {
    for (int i = 0; i < 100; i++) {
      int p = nextPort;
      nextPort = nextPort == 5999 ? 5900 : nextPort + 1;
      Session s = sessions.get(p);
      if (s == null || !s.task().running()) {
        return p;
      }
    }
    throw ApiException.fail("unable to find free port (5900-5999)");
  }

  private Object proxy(ApiRequest req, GuestType type, boolean term) {
    Guest g = Guests.require(cluster, req, type);
    if (!g.running()) {
      throw ApiException.fail(type.word() + " " + g.vmid + " not running");
    }
    String user = req.principal().actor();
    int port = allocatePort();
    Task task = tasks.open(g.node, "vncproxy", String.valueOf(g.vmid), req.principal());
    // the proxy process gives up after ~10 s without a connection
    java.util.concurrent.atomic.AtomicBoolean connected =
        new java.util.concurrent.atomic.AtomicBoolean();
    tasks.endLater(task, Duration.ofSeconds(10), connected::get);
    sessions.put(port, new Session(port, g.vmid, type, user, term, task, connected));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", user);
    m.put("ticket", issue(user, g.vmid, port));
    m.put("port", port);
    m.put("upid", task.upid);
    if (!term && certPem != null) {
      m.put("cert", certPem);
    }
    return m;
  }

  String issue(String user, int vmid, int port) {
    String plain = "PVEVNC:" + auth.hexNow();
    return plain + "::" + auth.sign(plain + ":" + user + ":/vms/" + vmid + ":" + port, true);
  }

  boolean verify(String ticket, String user, int vmid, int port) {
    if (ticket == null || !ticket.startsWith("PVEVNC:")) {
      return false;
    }
    int sep = ticket.indexOf("::");
    if (sep < 0) {
      return false;
    }
    String plain = ticket.substring(0, sep);
    String expected = auth.sign(plain + ":" + user + ":/vms/" + vmid + ":" + port, true);
    return expected.equals(ticket.substring(sep + 2))
        && auth.withinWindow(plain.substring("PVEVNC:".length()), -20, TICKET_MAX_AGE_S);
  }

  private Object websocket(ApiRequest req, GuestType type) {
    Guest g = Guests.require(cluster, req, type);
    int port = (int) req.integer("port", 0);
    String user = req.principal().actor();
    if (!verify(req.str("vncticket"), user, g.vmid, port)) {
      throw new ApiException(403, "Permission denied - invalid vnc ticket");
    }
    if (!req.isWebsocketUpgrade()) {
      return Map.of("port", String.valueOf(port));
    }
    Session session = sessions.get(port);
    if (session == null || session.vmid() != g.vmid || !session.task().running()) {
      throw ApiException.fail("failed to connect to console port " + port);
    }
    if (!session.connected().compareAndSet(false, true)) {
      // a vncproxy/termproxy process serves exactly one connection
      throw ApiException.fail("failed to connect to console port " + port);
    }
    String hostname = g.displayName();
    return (Router.RawResponse)
        res ->
            res.sendWebsocket(
                (in, out) -> {
                  Flux<WebSocketFrame> frames;
                  Flux<String> inbound =
                      in.aggregateFrames()
                          .receiveFrames()
                          .map(f -> f.content().toString(StandardCharsets.UTF_8));
                  if (session.term()) {
                    frames = termproxy(inbound, session, hostname).map(ConsoleApi::frame);
                  } else {
                    frames =
                        Flux.concat(
                                Mono.just("RFB 003.008\n"), inbound.thenMany(Flux.<String>empty()))
                            .map(ConsoleApi::frame);
                  }
                  return out.sendObject(frames.doFinally(s -> tasks.end(session.task(), null)))
                      .then();
                },
                WebsocketServerSpec.builder().protocols("binary").build());
  }

  private Flux<String> termproxy(Flux<String> inbound, Session session, String hostname) {
    TermShell shell = new TermShell(hostname);
    boolean[] authed = new boolean[1];
    return inbound
        .concatMap(
            text -> {
              if (!authed[0]) {
                int idx = text.indexOf(":PVEVNC:");
                String user = idx < 0 ? "" : text.substring(0, idx);
                String ticket = idx < 0 ? "" : text.substring(idx + 1).trim();
                if (!user.equals(session.user())
                    || !verify(ticket, user, session.vmid(), session.port())) {
                  return Flux.error(new IllegalStateException("invalid ticket"));
                }
                authed[0] = true;
                return Flux.just("OK", shell.banner());
              }
              List<String> out = shell.onFrame(text);
              return Flux.fromIterable(out);
            })
        .takeUntil(s -> shell.closed())
        .onErrorResume(e -> Flux.empty());
  }

  private static WebSocketFrame frame(String s) {
    return new BinaryWebSocketFrame(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }
}
