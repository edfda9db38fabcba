package io.pvepanel.proxmox.simulator.console;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.pvepanel.proxmox.simulator.auth.Authenticator;
import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
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
      java.util.concurrent.atomic.AtomicBoolean connected,
      String loginIssue) {}

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

  // pve-container API2/LXC.pm, qemu-server API2/Qemu.pm: vncproxy, termproxy, vncwebsocket
  private static final Permission CONSOLE = Permission.perm("/vms/{vmid}", Privilege.VM_CONSOLE);

  public void register(Router r) {
    r.post(
            "/nodes/{node}/lxc/{vmid}/termproxy",
            Params.none(),
            req -> proxy(req, GuestType.LXC, true))
        .check(CONSOLE);
    r.post(
            "/nodes/{node}/qemu/{vmid}/termproxy",
            Params.none().enumOf("serial", "serial0", "serial1", "serial2", "serial3"),
            req -> proxy(req, GuestType.QEMU, true))
        .check(CONSOLE);
    r.post(
            "/nodes/{node}/lxc/{vmid}/vncproxy",
            Params.none().bool("websocket").integer("width", 16, 4096).integer("height", 16, 2160),
            req -> proxy(req, GuestType.LXC, false))
        .check(CONSOLE);
    r.post(
            "/nodes/{node}/qemu/{vmid}/vncproxy",
            Params.none().bool("websocket").bool("generate-password"),
            req -> proxy(req, GuestType.QEMU, false))
        .check(CONSOLE);
    Params ws =
        Params.none()
            .integer("port", 5900, 5999)
            .str("vncticket", null, 512)
            .required("port", "vncticket");
    r.get("/nodes/{node}/lxc/{vmid}/vncwebsocket", ws, req -> websocket(req, GuestType.LXC))
        .check(CONSOLE);
    r.get("/nodes/{node}/qemu/{vmid}/vncwebsocket", ws, req -> websocket(req, GuestType.QEMU))
        .check(CONSOLE);
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

  /**
   * pve-container API2/LXC.pm and qemu-server API2/Qemu.pm {@code vncproxy}/{@code termproxy}: the
   * config must exist, the guest need not run (the console command fails only once connected). A
   * VNC password is generated for LXC with {@code websocket=1}, for QEMU always (no serial VGA
   * here); the ticket is then {@code <password>:PVEVNC:…}.
   */
  private Object proxy(ApiRequest req, GuestType type, boolean term) {
    Guest g = Guests.require(cluster, req, type);
    String user = req.principal().actor();
    int port = allocatePort();
    Task task = tasks.open(g.node, "vncproxy", String.valueOf(g.vmid), req.principal());
    // the proxy process gives up after ~10 s without a connection; QEMU's vncproxy worker dies
    // "connection timed out" (its alarm), the others end quietly
    java.util.concurrent.atomic.AtomicBoolean connected =
        new java.util.concurrent.atomic.AtomicBoolean();
    boolean qemuVnc = !term && type == GuestType.QEMU;
    tasks.endLater(
        task, Duration.ofSeconds(10), connected::get, qemuVnc ? "connection timed out" : null);
    // pve-container LXC.pm get_console_command, decided when termproxy is called: cmode tty
    // (default) and console run lxc-console (the container's getty asks for a login), shell
    // runs lxc-attach (a root shell)
    String loginIssue =
        term && type == GuestType.LXC && !"shell".equals(g.cmode)
            ? issue(g, g.displayName())
            : null;
    sessions.put(port, new Session(port, g.vmid, type, user, term, task, connected, loginIssue));
    String ticket = issue(user, g.vmid, port);
    String password = null;
    if (!term && (type == GuestType.QEMU || req.bool("websocket"))) {
      password = vncPassword();
      ticket = password + ":" + ticket;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", user);
    m.put("ticket", ticket);
    m.put("port", port);
    m.put("upid", task.upid);
    if (!term && certPem != null) {
      m.put("cert", certPem);
    }
    if (password != null) {
      m.put("password", password);
    }
    return m;
  }

  /** pve-common Ticket.pm generate_vnc_password: 8 characters from '!' to '`'. */
  private static String vncPassword() {
    java.security.SecureRandom random = new java.security.SecureRandom();
    StringBuilder sb = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      sb.append((char) ('!' + random.nextInt('`' - '!' + 1)));
    }
    return sb.toString();
  }

  String issue(String user, int vmid, int port) {
    String plain = "PVEVNC:" + auth.hexNow();
    return plain + "::" + auth.sign(plain + ":" + user + ":/vms/" + vmid + ":" + port, true);
  }

  boolean verify(String ticket, String user, int vmid, int port) {
    // AccessControl.pm verify_vnc_ticket drops a leading "<8 chars>:" (the VNC password)
    if (ticket != null && ticket.length() > 9 && ticket.charAt(8) == ':') {
      ticket = ticket.substring(9);
    }
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
    // vncwebsocket: the ticket first (pve-common Ticket.pm verify_rsa_ticket: 401), then the
    // config (load_config)
    Guests.requireNode(cluster, req.node());
    int port = (int) req.integer("port", 0);
    String user = req.principal().actor();
    if (!verify(req.str("vncticket"), user, req.vmid(), port)) {
      throw new ApiException(401, "permission denied - invalid PVEVNC ticket");
    }
    Guest g = Guests.require(cluster, req, type);
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
    // a stopped guest: the console command (lxc-console / qm terminal / qm vncproxy) fails at once
    boolean running = g.running();
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
                    frames =
                        termproxy(inbound, session, shell(session, g, hostname), running)
                            .map(ConsoleApi::frame);
                  } else if (!running) {
                    // qemu-server: run_command(qm vncproxy) fails -> "Failed to run vncproxy."
                    String error =
                        session.type() == GuestType.QEMU ? "Failed to run vncproxy." : null;
                    return out.sendObject(Flux.<WebSocketFrame>empty())
                        .then()
                        .doFinally(s -> tasks.end(session.task(), error));
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

  /** /etc/issue of the container's distribution, as getty prints it before the login prompt. */
  private static String issue(Guest g, String hostname) {
    String os = g.ostype == null ? "debian" : g.ostype;
    return switch (os) {
      case "ubuntu" -> "Ubuntu 24.04.1 LTS " + hostname + " tty1\r\n\r\n";
      case "alpine" ->
          "Welcome to Alpine Linux 3.20\r\nKernel "
              + TermShell.KERNEL
              + " on an x86_64 (/dev/tty1)\r\n\r\n";
      default -> "Debian GNU/Linux 12 " + hostname + " tty1\r\n\r\n";
    };
  }

  private TermShell shell(Session session, Guest g, String hostname) {
    if (session.loginIssue() == null) {
      return new TermShell(hostname);
    }
    Object lock = cluster.lock();
    return new TermShell(
        hostname,
        session.loginIssue(),
        candidate -> {
          synchronized (lock) {
            return g.password != null && g.password.matches(candidate);
          }
        });
  }

  private Flux<String> termproxy(
      Flux<String> inbound, Session session, TermShell shell, boolean running) {
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
                if (!running) {
                  // termproxy answers OK, then its command exits: the connection closes
                  return Flux.just("OK").concatWith(Flux.error(new IllegalStateException("exit")));
                }
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
