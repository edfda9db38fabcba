package io.pvepanel.proxmox.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;

/**
 * Reactive client of one Proxmox VE cluster. Obtain it from {@link ProxmoxClusters#client(String)}
 * or {@link #builder(ProxmoxClusterProperties)}. Every method is lazy (nothing happens until
 * subscription) and fails with a {@link ProxmoxException} subtype.
 */
public final class ProxmoxClient implements AutoCloseable {
  private static final Pattern SNAPNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{1,39}");
  private static final int CREATE_ATTEMPTS = 3;

  private static final JavaType RESOURCES = ProxmoxCodec.envelopeOfList(ClusterResource.class);
  private static final JavaType NODES = ProxmoxCodec.envelopeOfList(NodeInfo.class);
  private static final JavaType GUESTS = ProxmoxCodec.envelopeOfList(GuestStatus.class);
  private static final JavaType GUEST = ProxmoxCodec.envelopeOf(GuestStatus.class);
  private static final JavaType STRING = ProxmoxCodec.envelopeOf(String.class);
  private static final JavaType INTEGER = ProxmoxCodec.envelopeOf(Integer.class);
  private static final JavaType TASK = ProxmoxCodec.envelopeOf(TaskStatus.class);
  private static final JavaType LOG = ProxmoxCodec.envelopeOfList(TaskLog.Line.class);
  private static final JavaType RRD = ProxmoxCodec.envelopeOfList(RrdPoint.Raw.class);
  private static final JavaType SNAPSHOTS = ProxmoxCodec.envelopeOfList(Snapshot.class);
  private static final JavaType MAP = ProxmoxCodec.envelopeOf(Map.class);
  private static final JavaType FSINFO = ProxmoxCodec.envelopeOf(FsInfo.Result.class);
  private static final JavaType CONSOLE = ProxmoxCodec.envelopeOf(ConsoleTicket.class);
  private static final JavaType TICKET = ProxmoxCodec.envelopeOf(TicketAuth.TicketData.class);
  private static final JavaType VERSION = ProxmoxCodec.envelopeOf(PveVersion.class);
  private static final JavaType PACKAGES = ProxmoxCodec.envelopeOfList(PackageVersion.class);
  private static final JavaType STORAGES = ProxmoxCodec.envelopeOfList(StorageInfo.class);

  // how long a node's "termproxy accepts the token" answer is reused (packages get upgraded)
  private static final Duration CONSOLE_DECISION_TTL = Duration.ofHours(1);

  private final ProxmoxClusterProperties props;
  private final HttpTransport http;
  private final NodeSshExecutor ssh;
  // the console user's tickets (bug 6079), null without console-user or with ticket auth
  private final TicketAuth consoleAuth;
  private final Map<String, Mono<Boolean>> tokenConsole =
      new java.util.concurrent.ConcurrentHashMap<>();

  private ProxmoxClient(
      ProxmoxClusterProperties props, MeterRegistry meters, Clock clock, KeyPair sshKey) {
    this.props = props;
    this.http = new HttpTransport(props, meters, clock);
    boolean token = props.apiToken() != null && !props.apiToken().isBlank();
    if (token) {
      http.auth(new TokenAuth(props.apiToken()));
    } else {
      http.auth(
          new TicketAuth(props.name(), props.username(), props.password(), clock, this::login));
    }
    ProxmoxClusterProperties.ConsoleUser cu = props.consoleUser();
    this.consoleAuth =
        token && cu != null
            ? new TicketAuth(props.name(), cu.username(), cu.password(), clock, this::login)
            : null;
    this.ssh =
        props.nodeSsh() == null ? null : new NodeSshExecutor(props.name(), props.nodeSsh(), sshKey);
  }

  /** Starts building a client for one cluster. */
  public static Builder builder(ProxmoxClusterProperties properties) {
    return new Builder(properties);
  }

  /** Name of the cluster this client talks to. */
  public String cluster() {
    return props.name();
  }

  /**
   * How this cluster's TLS certificate is trusted (pin, CA certificates or the JVM's trust store);
   * whoever else connects to the cluster — the console relay — applies the same.
   */
  public ProxmoxTrust trust() {
    return http.trust();
  }

  // ---------------------------------------------------------------- listing and status

  /** {@code GET /cluster/resources?type=vm}: every guest of the cluster in one cheap call. */
  public Mono<List<ClusterResource>> clusterResources() {
    return this.<List<ClusterResource>>get("/cluster/resources", query("type", "vm"), RESOURCES)
        .defaultIfEmpty(List.of());
  }

  /** {@code GET /nodes}. */
  public Mono<List<NodeInfo>> nodes() {
    return this.<List<NodeInfo>>get("/nodes", null, NODES).defaultIfEmpty(List.of());
  }

  /** {@code GET /nodes/{node}/lxc} or {@code .../qemu}: guests on one node. */
  public Mono<List<GuestStatus>> guests(String node, GuestType type) {
    GuestRef.requireNode(node);
    return this.<List<GuestStatus>>get(
            "/nodes/{node}/" + type.path(),
            HttpTransport.path("/nodes/{node}", node) + "/" + type.path(),
            null,
            GUESTS)
        .defaultIfEmpty(List.of());
  }

  /** {@code GET /nodes/{node}/{lxc|qemu}/{vmid}/status/current}. */
  public Mono<GuestStatus> status(GuestRef ref) {
    return get(
        guestTemplate(ref, "/status/current"), guestPath(ref, "/status/current"), null, GUEST);
  }

  /**
   * Whether the guest still exists on its node, asked directly ({@code GET .../status/current}).
   * {@code /cluster/resources} lists only guests the token may see (VM.Audit), so a guest missing
   * there is not proof of deletion: confirm with this before acting on it. Completes {@code false}
   * when Proxmox says the config is gone ({@code Configuration file '...' does not exist}, {@code
   * unable to find configuration file for VM n on node 'x'} — also when the guest migrated to
   * another node); {@code true} when it answers. Every other failure is an error, in particular
   * {@link ProxmoxApiException.Forbidden} (403: existence unknown, the token may not look) and
   * proxy/transport errors (node unreachable: unknown).
   */
  public Mono<Boolean> exists(GuestRef ref) {
    return status(ref)
        .map(s -> Boolean.TRUE)
        .defaultIfEmpty(Boolean.TRUE)
        .onErrorResume(ProxmoxApiException.NotFound.class, e -> Mono.just(Boolean.FALSE));
  }

  /** {@code GET /cluster/nextid}: the lowest free vmid (not reserved!). */
  public Mono<Integer> nextId() {
    return get("/cluster/nextid", null, INTEGER);
  }

  // ---------------------------------------------------------------- cluster facts (preflight)

  /** {@code GET /version}, with the answer's {@code Date} header as {@code serverDate}. */
  public Mono<PveVersion> version() {
    HttpTransport.Request req =
        new HttpTransport.Request(HttpMethod.GET, "/version", "/version", null, null, true);
    return http.<PveVersion>exchangeEnvelope(req, VERSION)
        .flatMap(
            e ->
                e.data() == null
                    ? Mono.empty()
                    : Mono.just(e.data().withServerDate(e.serverDate())));
  }

  /**
   * {@code GET /access/permissions}: the caller's effective privileges, path → privilege →
   * propagate (pve-access-control {@code API2/AccessControl.pm}; always lists {@code /}, {@code
   * /vms}, {@code /storage}, {@code /nodes}, ... where anything is granted).
   */
  @SuppressWarnings("unchecked")
  public Mono<Map<String, Map<String, Object>>> permissions() {
    return this.<Map<String, Map<String, Object>>>get("/access/permissions", null, MAP)
        .defaultIfEmpty(Map.of());
  }

  /** {@code GET /nodes/{node}/apt/versions} (Sys.Audit on {@code /nodes/{node}}). */
  public Mono<List<PackageVersion>> aptVersions(String node) {
    GuestRef.requireNode(node);
    return this.<List<PackageVersion>>get(
            "/nodes/{node}/apt/versions",
            HttpTransport.path("/nodes/{node}/apt/versions", node),
            null,
            PACKAGES)
        .defaultIfEmpty(List.of());
  }

  /** {@code GET /nodes/{node}/storage}: the storages the caller may see on that node. */
  public Mono<List<StorageInfo>> storages(String node) {
    GuestRef.requireNode(node);
    return this.<List<StorageInfo>>get(
            "/nodes/{node}/storage",
            HttpTransport.path("/nodes/{node}/storage", node),
            null,
            STORAGES)
        .defaultIfEmpty(List.of());
  }

  /** The nodes with a {@code node-ssh} endpoint configured (empty without node SSH). */
  public java.util.Set<String> sshNodes() {
    return props.nodeSsh() == null ? java.util.Set.of() : props.nodeSsh().nodes().keySet();
  }

  /**
   * Connects to the node over SSH, checks its host key against the pinned fingerprint and logs in,
   * running no command. Fails like {@link #setLxcRootPassword}.
   */
  public Mono<Void> checkNodeSsh(String node) {
    if (ssh == null) {
      return Mono.error(
          new ProxmoxSshException(
              cluster(), "node-ssh is not configured for this cluster", null, null, "", false));
    }
    return ssh.check(node);
  }

  // ---------------------------------------------------------------- lifecycle and tasks

  /**
   * {@code POST .../status/{action}}. Returns the task; follow it with {@link #awaitTask}. {@link
   * PowerAction#RESET} exists for QEMU only.
   */
  public Mono<Upid> power(GuestRef ref, PowerAction action) {
    if (action == PowerAction.RESET && ref.type() != GuestType.QEMU) {
      return Mono.error(new IllegalArgumentException("reset exists for QEMU guests only"));
    }
    String suffix = "/status/" + action.path();
    return upid(post(guestTemplate(ref, suffix), guestPath(ref, suffix), null));
  }

  public Mono<Upid> start(GuestRef ref) {
    return power(ref, PowerAction.START);
  }

  public Mono<Upid> stop(GuestRef ref) {
    return power(ref, PowerAction.STOP);
  }

  public Mono<Upid> shutdown(GuestRef ref) {
    return power(ref, PowerAction.SHUTDOWN);
  }

  public Mono<Upid> reboot(GuestRef ref) {
    return power(ref, PowerAction.REBOOT);
  }

  public Mono<Upid> suspend(GuestRef ref) {
    return power(ref, PowerAction.SUSPEND);
  }

  public Mono<Upid> resume(GuestRef ref) {
    return power(ref, PowerAction.RESUME);
  }

  public Mono<Upid> reset(GuestRef ref) {
    return power(ref, PowerAction.RESET);
  }

  /** {@code GET /nodes/{node}/tasks/{upid}/status} on the node named in the UPID. */
  public Mono<TaskStatus> taskStatus(Upid upid) {
    return get(
        "/nodes/{node}/tasks/{upid}/status",
        HttpTransport.path("/nodes/{node}/tasks/{upid}/status", upid.node(), upid.raw()),
        null,
        TASK);
  }

  /** {@code GET /nodes/{node}/tasks/{upid}/log?start=&limit=} (limit 0 = all lines). */
  public Mono<TaskLog> taskLog(Upid upid, int start, int limit) {
    MultiValueMap<String, String> q = query("start", Integer.toString(start));
    q.add("limit", Integer.toString(limit));
    String template = "/nodes/{node}/tasks/{upid}/log";
    HttpTransport.Request req =
        new HttpTransport.Request(
            HttpMethod.GET,
            template,
            HttpTransport.path(template, upid.node(), upid.raw()),
            q,
            null,
            true);
    // total sits beside data, so this call needs the whole envelope.
    return http.<List<TaskLog.Line>>exchangeEnvelope(req, LOG)
        .map(
            e -> {
              List<TaskLog.Line> lines = e.data() == null ? List.of() : e.data();
              return new TaskLog(lines, e.total() == null ? lines.size() : e.total());
            });
  }

  /**
   * Polls the task every {@code taskPollInterval} until it stops. Completes with the final status
   * when the exit status is {@code OK} or {@code WARNINGS: n}; fails with {@link
   * ProxmoxTaskFailedException} otherwise, or with {@link ProxmoxTimeoutException} ({@code
   * isTaskStillRunning()}) when {@code bound} passes first. Time runs on Reactor's parallel
   * scheduler, so tests can use virtual time.
   */
  public Mono<TaskStatus> awaitTask(Upid upid, Duration bound) {
    return TaskAwaiter.await(cluster(), upid, this::taskStatus, props.taskPollInterval(), bound);
  }

  // ---------------------------------------------------------------- RRD

  /**
   * {@code GET .../rrddata?timeframe=&cf=}, units normalised and each point's {@link
   * RrdPoint#step()} taken from the timestamps (see {@link RrdPoint}).
   */
  public Mono<List<RrdPoint>> rrddata(GuestRef ref, Timeframe timeframe, ConsolidationFunction cf) {
    MultiValueMap<String, String> q = query("timeframe", timeframe.param());
    q.add("cf", cf.name());
    return this.<List<RrdPoint.Raw>>get(
            guestTemplate(ref, "/rrddata"), guestPath(ref, "/rrddata"), q, RRD)
        .defaultIfEmpty(List.of())
        .map(RrdPoint::normalise);
  }

  // ---------------------------------------------------------------- snapshots

  /** {@code GET .../snapshot}, including the pseudo entry {@code current}. */
  public Mono<List<Snapshot>> snapshots(GuestRef ref) {
    return this.<List<Snapshot>>get(
            guestTemplate(ref, "/snapshot"), guestPath(ref, "/snapshot"), null, SNAPSHOTS)
        .defaultIfEmpty(List.of());
  }

  /**
   * {@code PUT /nodes/{node}/lxc/{vmid}/config} with cores, memory and swap (null: unchanged). No
   * task: the call answers when the config is written, and a running container takes the new limits
   * at once (pve-container {@code src/PVE/API2/LXC/Config.pm}, update_vm, which applies them
   * through {@code vmconfig_hotplug_pending}). Containers only.
   */
  public Mono<Void> setLxcResources(
      GuestRef ref, Integer cores, Integer memoryMib, Integer swapMib) {
    return Mono.defer(
        () -> {
          if (ref.type() != GuestType.LXC) {
            return Mono.error(new IllegalArgumentException("containers only"));
          }
          MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
          addIfSet(form, "cores", cores);
          addIfSet(form, "memory", memoryMib);
          addIfSet(form, "swap", swapMib);
          return request(
                  HttpMethod.PUT,
                  guestTemplate(ref, "/config"),
                  guestPath(ref, "/config"),
                  null,
                  form,
                  STRING)
              .then();
        });
  }

  /**
   * {@code PUT /nodes/{node}/lxc/{vmid}/resize} of {@code rootfs} to {@code sizeGib} (absolute).
   * The lock, the storage privilege and the size ("unable to shrink disk size", "disk is already at
   * specified size") are checked before the task is forked (pve-container {@code
   * src/PVE/API2/LXC.pm}, resize_vm); the task grows the volume and its file system.
   */
  public Mono<Upid> growLxcRootDisk(GuestRef ref, int sizeGib) {
    return Mono.defer(
        () -> {
          if (ref.type() != GuestType.LXC) {
            return Mono.error(new IllegalArgumentException("containers only"));
          }
          MultiValueMap<String, String> form = query("disk", "rootfs");
          form.add("size", sizeGib + "G");
          return upid(
              request(
                  HttpMethod.PUT,
                  guestTemplate(ref, "/resize"),
                  guestPath(ref, "/resize"),
                  null,
                  form,
                  STRING));
        });
  }

  /** {@code POST .../snapshot}; most checks (name used, storage support) fail in the task. */
  public Mono<Upid> createSnapshot(GuestRef ref, String name, String description) {
    return Mono.defer(
        () -> {
          MultiValueMap<String, String> form = query("snapname", requireSnapname(name));
          if (description != null) {
            form.add("description", description);
          }
          return upid(post(guestTemplate(ref, "/snapshot"), guestPath(ref, "/snapshot"), form));
        });
  }

  /** {@code POST .../snapshot/{snapname}/rollback}; a running container is stopped first. */
  public Mono<Upid> rollbackSnapshot(GuestRef ref, String name, boolean start) {
    return Mono.defer(
        () -> {
          String suffix = "/snapshot/{snapname}/rollback";
          return upid(
              post(
                  guestTemplate(ref, suffix),
                  guestPath(ref, "") + HttpTransport.path(suffix, requireSnapname(name)),
                  query("start", start ? "1" : "0")));
        });
  }

  /** {@code DELETE .../snapshot/{snapname}}. */
  public Mono<Upid> deleteSnapshot(GuestRef ref, String name) {
    return Mono.defer(
        () -> {
          String suffix = "/snapshot/{snapname}";
          return upid(
              request(
                  HttpMethod.DELETE,
                  guestTemplate(ref, suffix),
                  guestPath(ref, "") + HttpTransport.path(suffix, requireSnapname(name)),
                  null,
                  null,
                  STRING));
        });
  }

  /** {@code GET .../config}: the guest's current config as a map (e.g. {@code ostype}). */
  public Mono<Map<String, Object>> config(GuestRef ref) {
    return this.<Map<String, Object>>get(
        guestTemplate(ref, "/config"), guestPath(ref, "/config"), null, MAP);
  }

  /** {@code GET .../snapshot/{snapname}/config}: the stored config as a map. */
  @SuppressWarnings("unchecked")
  public Mono<Map<String, Object>> snapshotConfig(GuestRef ref, String name) {
    return Mono.defer(
        () -> {
          String suffix = "/snapshot/{snapname}/config";
          return this.<Map<String, Object>>get(
              guestTemplate(ref, suffix),
              guestPath(ref, "") + HttpTransport.path(suffix, requireSnapname(name)),
              null,
              MAP);
        });
  }

  // ---------------------------------------------------------------- console

  /**
   * {@code POST .../termproxy}: text console (xterm.js). With token auth and a {@code
   * console-user}, the console user asks instead where the guest's node's termproxy rejects tokens
   * (Proxmox bug 6079; see {@link ConsoleTokenSupport}), or always with {@code use: always}; the
   * answer's {@code user} says whose ticket it is, and {@link #consoleWebSocket} follows it.
   */
  public Mono<ConsoleTicket> termproxy(GuestRef ref) {
    return termproxyAuth(ref.node())
        .flatMap(
            auth ->
                http.<ConsoleTicket>exchange(
                    new HttpTransport.Request(
                        HttpMethod.POST,
                        guestTemplate(ref, "/termproxy"),
                        guestPath(ref, "/termproxy"),
                        null,
                        new LinkedMultiValueMap<>(),
                        true,
                        auth),
                    CONSOLE));
  }

  /** The credentials termproxy on {@code node} is asked with (null = the client's own). */
  private Mono<Auth> termproxyAuth(String node) {
    if (consoleAuth == null) {
      return Mono.just(http.auth());
    }
    if (props.consoleUser().always()) {
      return Mono.just(consoleAuth);
    }
    return tokenConsole
        .computeIfAbsent(
            node,
            n ->
                version()
                    .zipWith(aptVersions(n))
                    .map(v -> ConsoleTokenSupport.acceptsToken(v.getT1().major(), v.getT2()))
                    // unreadable (no Sys.Audit, node down): the console user works everywhere
                    .onErrorReturn(Boolean.FALSE)
                    .cache(ok -> CONSOLE_DECISION_TTL, e -> Duration.ZERO, () -> Duration.ZERO))
        .map(tokenOk -> tokenOk ? http.auth() : (Auth) consoleAuth);
  }

  /** {@code POST .../vncproxy?websocket=1}: VNC console (noVNC). */
  public Mono<ConsoleTicket> vncproxy(GuestRef ref) {
    return post(
        guestTemplate(ref, "/vncproxy"),
        guestPath(ref, "/vncproxy"),
        query("websocket", "1"),
        CONSOLE);
  }

  /**
   * Builds the {@code vncwebsocket} URI for a ticket from {@link #termproxy}/{@link #vncproxy} plus
   * the auth headers a relay must send with the upgrade request (call this on the same cluster
   * endpoint that issued the ticket).
   */
  public Mono<ConsoleWebSocketTarget> consoleWebSocket(GuestRef ref, ConsoleTicket ticket) {
    // the websocket must be opened by the identity the ticket was issued to
    Auth auth =
        consoleAuth != null
                && ticket.user() != null
                && ticket.user().equals(props.consoleUser().username())
            ? consoleAuth
            : http.auth();
    return auth.headers(HttpMethod.GET)
        .map(
            headers -> {
              String base = http.apiBase().replaceFirst("^http", "ws");
              String uri =
                  base
                      + guestPath(ref, "/vncwebsocket")
                      + "?port="
                      + ticket.port()
                      + "&vncticket="
                      + URLEncoder.encode(ticket.ticket(), StandardCharsets.UTF_8);
              return new ConsoleWebSocketTarget(URI.create(uri), headers, ticket);
            });
  }

  // ---------------------------------------------------------------- create / delete

  /**
   * Creates a container: takes {@code /cluster/nextid} when {@code request.vmid()} is null and
   * retries with a fresh id if another creator took it first ({@code already exists}).
   */
  public Mono<CreatedGuest> createLxc(String node, LxcCreateRequest request) {
    GuestRef.requireNode(node);
    Objects.requireNonNull(request, "request");
    if (request.vmid() != null) {
      return createOnce(node, request);
    }
    return createWithFreshId(node, request, 1);
  }

  private Mono<CreatedGuest> createWithFreshId(String node, LxcCreateRequest request, int attempt) {
    return nextId()
        .flatMap(id -> createOnce(node, request.withVmid(id)))
        .onErrorResume(
            ProxmoxApiException.Conflict.class,
            e ->
                e.kind() == ProxmoxApiException.Conflict.Kind.ALREADY_EXISTS
                        && attempt < CREATE_ATTEMPTS
                    ? createWithFreshId(node, request, attempt + 1)
                    : Mono.error(e));
  }

  private Mono<CreatedGuest> createOnce(String node, LxcCreateRequest r) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("vmid", Integer.toString(r.vmid()));
    form.add("ostemplate", r.ostemplate());
    addIfSet(form, "hostname", r.hostname());
    addIfSet(form, "password", r.password());
    if (!r.sshPublicKeys().isEmpty()) {
      form.add("ssh-public-keys", String.join("\n", r.sshPublicKeys()));
    }
    addIfSet(form, "cores", r.cores());
    addIfSet(form, "memory", r.memoryMib());
    addIfSet(form, "swap", r.swapMib());
    if (r.rootfsStorage() != null) {
      form.add("rootfs", r.rootfsStorage() + ":" + r.rootfsSizeGib());
    }
    addIfSet(form, "net0", r.net0());
    addIfSet(form, "nameserver", r.nameserver());
    addIfSet(form, "features", r.features());
    addIfSet(form, "tags", r.tags());
    form.add("start", r.start() ? "1" : "0");
    // Always explicit: PVE 8 defaults to privileged, PVE 9 to unprivileged.
    form.add("unprivileged", r.unprivileged() ? "1" : "0");
    GuestRef ref = GuestRef.lxc(node, r.vmid());
    return upid(post("/nodes/{node}/lxc", HttpTransport.path("/nodes/{node}/lxc", node), form))
        .map(u -> new CreatedGuest(ref, u));
  }

  /**
   * Destroys a guest with {@code purge=1&destroy-unreferenced-disks=1} (query string; plus {@code
   * force=1} for containers, which kills a running CT). A running VM must be stopped first.
   */
  public Mono<Upid> delete(GuestRef ref) {
    MultiValueMap<String, String> q = query("purge", "1");
    q.add("destroy-unreferenced-disks", "1");
    if (ref.type() == GuestType.LXC) {
      q.add("force", "1");
    }
    return upid(
        request(HttpMethod.DELETE, guestTemplate(ref, ""), guestPath(ref, ""), q, null, STRING));
  }

  // ---------------------------------------------------------------- passwords

  /**
   * Sets a user's password in a running VM through the QEMU guest agent ({@code POST
   * .../agent/set-user-password}).
   */
  /**
   * {@code GET .../qemu/{vmid}/agent/get-fsinfo}: the guest's mounted filesystems as its agent
   * reports them (the only source of QEMU disk usage; {@code /cluster/resources} reports 0). Fails
   * with a {@link ProxmoxApiException.ServerError} when no agent is configured or running.
   */
  public Mono<List<FsInfo>> agentFsInfo(GuestRef ref) {
    if (ref.type() != GuestType.QEMU) {
      return Mono.error(new IllegalArgumentException("agent/get-fsinfo is QEMU only"));
    }
    return this.<FsInfo.Result>get(
            guestTemplate(ref, "/agent/get-fsinfo"),
            guestPath(ref, "/agent/get-fsinfo"),
            null,
            FSINFO)
        .map(r -> r.result() == null ? List.<FsInfo>of() : r.result())
        .defaultIfEmpty(List.of());
  }

  public Mono<Void> setQemuUserPassword(GuestRef ref, String username, String password) {
    if (ref.type() != GuestType.QEMU) {
      return Mono.error(new IllegalArgumentException("agent/set-user-password is QEMU only"));
    }
    MultiValueMap<String, String> form = query("username", username);
    form.add("password", password);
    return post(
            guestTemplate(ref, "/agent/set-user-password"),
            guestPath(ref, "/agent/set-user-password"),
            form,
            MAP)
        .then();
  }

  /**
   * Sets root's password in a running container over SSH to its node ({@code pct exec <vmid> --
   * chpasswd}, password on stdin). Needs {@code node-ssh} configured for the node.
   */
  public Mono<Void> setLxcRootPassword(GuestRef ref, String password) {
    if (ref.type() != GuestType.LXC) {
      return Mono.error(new IllegalArgumentException("SSH chpasswd is for containers only"));
    }
    if (ssh == null) {
      return Mono.error(
          new ProxmoxSshException(
              cluster(), "node-ssh is not configured for this cluster", null, null, "", false));
    }
    if (password == null || password.length() < 5 || password.contains("\n")) {
      return Mono.error(new IllegalArgumentException("password must be >= 5 chars, one line"));
    }
    return ssh.chpasswd(ref.node(), ref.vmid(), password);
  }

  // ---------------------------------------------------------------- plumbing

  private Mono<TicketAuth.TicketData> login(String username, String secret) {
    MultiValueMap<String, String> form = query("username", username);
    form.add("password", secret);
    return http.exchange(
        new HttpTransport.Request(
            HttpMethod.POST, "/access/ticket", "/access/ticket", null, form, false),
        TICKET);
  }

  private static String guestTemplate(GuestRef ref, String suffix) {
    return "/nodes/{node}/" + ref.type().path() + "/{vmid}" + suffix;
  }

  private static String guestPath(GuestRef ref, String suffix) {
    return HttpTransport.path("/nodes/{node}/", ref.node())
        + ref.type().path()
        + "/"
        + ref.vmid()
        + suffix;
  }

  private static String requireSnapname(String name) {
    if (name == null || !SNAPNAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid snapshot name (letter first, then letters, digits, _ or -; 2-40 chars)");
    }
    return name;
  }

  private static MultiValueMap<String, String> query(String key, String value) {
    MultiValueMap<String, String> q = new LinkedMultiValueMap<>();
    q.add(key, value);
    return q;
  }

  private static void addIfSet(MultiValueMap<String, String> form, String key, Object value) {
    if (value != null) {
      form.add(key, value.toString());
    }
  }

  private <T> Mono<T> get(String template, MultiValueMap<String, String> q, JavaType type) {
    return get(template, template, q, type);
  }

  private <T> Mono<T> get(
      String template, String path, MultiValueMap<String, String> q, JavaType type) {
    return request(HttpMethod.GET, template, path, q, null, type);
  }

  private Mono<String> post(String template, String path, MultiValueMap<String, String> form) {
    return post(template, path, form, STRING);
  }

  private <T> Mono<T> post(
      String template, String path, MultiValueMap<String, String> form, JavaType type) {
    // pveproxy accepts an empty form; sending one keeps Content-Type consistent.
    return request(
        HttpMethod.POST,
        template,
        path,
        null,
        form == null ? new LinkedMultiValueMap<>() : form,
        type);
  }

  private <T> Mono<T> request(
      HttpMethod method,
      String template,
      String path,
      MultiValueMap<String, String> q,
      MultiValueMap<String, String> form,
      JavaType type) {
    return http.exchange(new HttpTransport.Request(method, template, path, q, form, true), type);
  }

  private Mono<Upid> upid(Mono<String> call) {
    return call.switchIfEmpty(
            Mono.error(
                () ->
                    new ProxmoxTransportException(
                        cluster(), "expected a UPID, got no data", null, false)))
        .map(
            raw -> {
              try {
                return Upid.parse(raw);
              } catch (IllegalArgumentException e) {
                throw new ProxmoxTransportException(
                    cluster(), "expected a UPID, got unparseable data", e, false);
              }
            });
  }

  /** Releases the connection pool and the SSH client. */
  @Override
  public void close() {
    http.close();
    if (ssh != null) {
      ssh.close();
    }
  }

  /** Builder of a {@link ProxmoxClient}. */
  public static final class Builder {
    private final ProxmoxClusterProperties properties;
    private MeterRegistry meters = new SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private KeyPair sshKeyPair;

    private Builder(ProxmoxClusterProperties properties) {
      this.properties = Objects.requireNonNull(properties, "properties");
    }

    /** Where request timers go; default: a private SimpleMeterRegistry. */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meters = Objects.requireNonNull(meterRegistry);
      return this;
    }

    /** Time source for ticket renewal and the circuit breaker; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Node SSH key pair given directly instead of {@code node-ssh.private-key(-path)}. */
    public Builder sshKeyPair(KeyPair keyPair) {
      this.sshKeyPair = keyPair;
      return this;
    }

    public ProxmoxClient build() {
      return new ProxmoxClient(properties, meters, clock, sshKeyPair);
    }
  }
}
