package io.pvepanel.proxmox.simulator;

import io.pvepanel.proxmox.simulator.admin.AdminApi;
import io.pvepanel.proxmox.simulator.admin.TestHooks;
import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.AuthApi;
import io.pvepanel.proxmox.simulator.auth.Authenticator;
import io.pvepanel.proxmox.simulator.auth.PermissionsApi;
import io.pvepanel.proxmox.simulator.console.ConsoleApi;
import io.pvepanel.proxmox.simulator.fault.Faults;
import io.pvepanel.proxmox.simulator.guest.AgentApi;
import io.pvepanel.proxmox.simulator.guest.Cluster;
import io.pvepanel.proxmox.simulator.guest.ClusterApi;
import io.pvepanel.proxmox.simulator.guest.ConfigApi;
import io.pvepanel.proxmox.simulator.guest.CreateDestroyApi;
import io.pvepanel.proxmox.simulator.guest.Guest;
import io.pvepanel.proxmox.simulator.guest.PowerApi;
import io.pvepanel.proxmox.simulator.guest.ResizeApi;
import io.pvepanel.proxmox.simulator.guest.RrdApi;
import io.pvepanel.proxmox.simulator.guest.StatusApi;
import io.pvepanel.proxmox.simulator.guest.StorageApi;
import io.pvepanel.proxmox.simulator.http.ApiServer;
import io.pvepanel.proxmox.simulator.http.RequestCounters;
import io.pvepanel.proxmox.simulator.http.Router;
import io.pvepanel.proxmox.simulator.http.SelfSignedCertificate;
import io.pvepanel.proxmox.simulator.node.AptApi;
import io.pvepanel.proxmox.simulator.snapshot.SnapshotApi;
import io.pvepanel.proxmox.simulator.ssh.NodeSshServers;
import io.pvepanel.proxmox.simulator.task.TaskApi;
import io.pvepanel.proxmox.simulator.task.TaskManager;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stateful Proxmox VE stand-in speaking {@code /api2/json} over HTTP(S), the console websocket
 * and per-node SSH. Start with {@link #start(SimulatorConfig)}; close to release the ports.
 */
public final class ProxmoxSimulator implements TestHooks, AutoCloseable {

  private final SimulatorConfig config;
  private final SimClock clock;
  private final Cluster cluster;
  private final TaskManager tasks;
  private final Faults faults;
  private final RequestCounters counters = new RequestCounters();
  private final ApiServer server;
  private final SelfSignedCertificate tls;
  private final NodeSshServers ssh;
  private final KeyPair sshClientKeyPair;
  private final AccessControl access;

  private ProxmoxSimulator(SimulatorConfig config) {
    this.config = config;
    this.clock = new SimClock(config.clock);
    this.cluster = new Cluster(clock, config.seed);
    Authenticator auth =
        new Authenticator(clock, config.tokenId, config.tokenSecret, config.rootPassword);
    this.access = new AccessControl(config.pveVersion, config.tokenId, config.access);
    this.tasks = new TaskManager(clock, cluster.lock(), config.taskDuration);
    this.tls =
        config.https
            ? SelfSignedCertificate.generate(cluster.nodes().get(0), config.bindAddress)
            : null;
    ApiServer[] holder = new ApiServer[1];
    this.faults = new Faults(config.randomSeed, on -> holder[0].listening(on));

    Router router = new Router();
    new AuthApi(auth, access).register(router);
    new PermissionsApi(access).register(router);
    new AptApi(cluster, config.pveVersion).register(router);
    new ClusterApi(cluster, this::nodeFingerprint, config.pveVersion, access).register(router);
    new StorageApi(cluster, access).register(router);
    new StatusApi(cluster, access).register(router);
    new PowerApi(cluster, tasks).register(router);
    new CreateDestroyApi(cluster, tasks, access).register(router);
    new ConfigApi(cluster, access).register(router);
    new ResizeApi(cluster, tasks, access).register(router);
    new AgentApi(cluster, config.pveVersion).register(router);
    new RrdApi(cluster, config.pveVersion).register(router);
    new SnapshotApi(cluster, tasks).register(router);
    new TaskApi(tasks, access).register(router);
    new ConsoleApi(cluster, tasks, auth, tls == null ? null : tls.pem()).register(router);

    this.server =
        new ApiServer(
            router,
            auth,
            access,
            clock,
            faults,
            counters,
            cluster.lock(),
            config.unauthorizedDelay,
            config.bindAddress,
            tls == null ? null : tls.key(),
            tls == null ? null : tls.certificate());
    holder[0] = server;
    server.admin(new AdminApi(this));
    server.start(config.port);

    this.sshClientKeyPair =
        config.sshClientKeyPair != null ? config.sshClientKeyPair : NodeSshServers.ecKeyPair();
    if (config.ssh) {
      List<PublicKey> keys = new ArrayList<>(config.sshAuthorizedKeys);
      keys.add(sshClientKeyPair.getPublic());
      NodeSshServers s;
      try {
        s = new NodeSshServers(cluster, config.bindAddress, keys);
      } catch (RuntimeException e) {
        server.close();
        tasks.close();
        throw e;
      }
      this.ssh = s;
    } else {
      this.ssh = null;
    }
  }

  /** Starts a simulator; it is ready to serve when this returns. */
  public static ProxmoxSimulator start(SimulatorConfig config) {
    return new ProxmoxSimulator(config);
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://...} — without {@code /api2/json}. */
  @Override
  public String baseUrl() {
    String host = config.bindAddress.equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress;
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (config.https ? "https://" : "http://") + host + ":" + server.port();
  }

  public int port() {
    return server.port();
  }

  @Override
  public String tokenId() {
    return config.tokenId;
  }

  @Override
  public String tokenSecret() {
    return config.tokenSecret;
  }

  /** {@code PVEAPIToken=panel@pve!ctl=<uuid>}, the Authorization header value. */
  @Override
  public String apiTokenHeaderValue() {
    return "PVEAPIToken=" + config.tokenId + "=" + config.tokenSecret;
  }

  /** Password of {@code root@pam} for {@code POST /access/ticket}. */
  @Override
  public String rootPassword() {
    return config.rootPassword;
  }

  /** SHA-256 of the leaf certificate, {@code AB:CD:...}; null for plain HTTP. */
  @Override
  public String tlsFingerprint() {
    return tls == null ? null : tls.fingerprint();
  }

  /** PEM of the self-signed certificate; null for plain HTTP. */
  public String tlsCertificatePem() {
    return tls == null ? null : tls.pem();
  }

  @Override
  public List<String> nodes() {
    return cluster.nodes();
  }

  /** The node's SSH listener; null when SSH is off or the node is unknown. */
  public SshEndpoint sshEndpoint(String node) {
    if (ssh == null) {
      return null;
    }
    NodeSshServers.Endpoint e = ssh.endpoint(node);
    return e == null ? null : new SshEndpoint(e.node(), e.host(), e.port(), e.hostKeyFingerprint());
  }

  @Override
  public Map<String, SshEndpoint> sshEndpoints() {
    Map<String, SshEndpoint> out = new LinkedHashMap<>();
    for (String n : nodes()) {
      SshEndpoint e = sshEndpoint(n);
      if (e != null) {
        out.put(n, e);
      }
    }
    return out;
  }

  /** The key pair the SSH servers accept for user {@code root}. */
  public KeyPair sshClientKeyPair() {
    return sshClientKeyPair;
  }

  /**
   * Whether the guest's recorded root password (create / chpasswd / agent) is {@code candidate}.
   */
  @Override
  public boolean passwordMatches(int vmid, String candidate) {
    synchronized (cluster.lock()) {
      Guest g = cluster.guest(vmid);
      return g != null && g.password != null && g.password.matches(candidate);
    }
  }

  @Override
  public int passwordChangeCount(int vmid) {
    synchronized (cluster.lock()) {
      Guest g = cluster.guest(vmid);
      return g == null ? 0 : g.passwordChanges;
    }
  }

  /** A snapshot of the guest's state, or null if it does not exist. */
  @Override
  public GuestView guest(int vmid) {
    synchronized (cluster.lock()) {
      Guest g = cluster.guest(vmid);
      return g == null ? null : view(g);
    }
  }

  @Override
  public List<GuestView> guests() {
    synchronized (cluster.lock()) {
      List<GuestView> out = new ArrayList<>(cluster.guests().size());
      for (Guest g : cluster.guests().values()) {
        out.add(view(g));
      }
      return out;
    }
  }

  private static GuestView view(Guest g) {
    return new GuestView(
        g.vmid,
        g.node,
        g.type.path(),
        g.status.name().toLowerCase(java.util.Locale.ROOT),
        g.lock,
        g.displayName(),
        g.cores,
        g.memoryMiB,
        g.diskGiB,
        g.storage,
        g.hot(),
        g.agent,
        List.copyOf(g.snapshots.keySet()),
        g.parent,
        g.passwordChanges);
  }

  /** Hot guests use 95+ % of their CPUs (resources, status/current and RRD from now on). */
  @Override
  public void setHot(int vmid, boolean hot) {
    synchronized (cluster.lock()) {
      Guest g = require(vmid);
      // from the current sample on, so /cluster/resources shows it without waiting for a tick
      cluster.rrd().beforeChange(g, cluster.sampleTime());
      g.hotSince = hot ? (g.hot() ? g.hotSince : cluster.sampleTime()) : -1;
      cluster.changed();
    }
  }

  /** Sets (or with null removes) a config lock, e.g. {@code backup}, as a stale lock would. */
  @Override
  public void setLock(int vmid, String lock) {
    synchronized (cluster.lock()) {
      require(vmid).lock = lock;
      cluster.changed();
    }
  }

  /**
   * While held, every {@code lock_config} on this vmid (power and snapshot tasks, destroy) times
   * out: the task fails with {@code can't lock file '/run/lock/lxc/pve-config-<vmid>.lock' - got
   * timeout} (QEMU: {@code /var/lock/qemu-server/lock-<vmid>.conf}), as when another worker holds
   * the config lock for more than 10 s. The vmid need not exist.
   */
  @Override
  public void holdConfigFileLock(int vmid, boolean held) {
    synchronized (cluster.lock()) {
      cluster.holdFileLock(vmid, held);
    }
  }

  /**
   * Whether the VM's guest agent answers; when not, agent calls fail {@code QEMU guest agent is not
   * running} (default: answering).
   */
  @Override
  public void setAgentResponding(int vmid, boolean responding) {
    synchronized (cluster.lock()) {
      require(vmid).agentResponding = responding;
    }
  }

  private Guest require(int vmid) {
    Guest g = cluster.guest(vmid);
    if (g == null) {
      throw new IllegalArgumentException("no guest " + vmid);
    }
    return g;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  /** Requests seen for e.g. ("GET", "/cluster/resources") or a template with {node}/{vmid}. */
  @Override
  public long requestCount(String method, String routeTemplate) {
    return counters.count(method, routeTemplate);
  }

  /** All counters, keyed {@code "GET /cluster/resources"}. */
  @Override
  public Map<String, Long> requestCounts() {
    return counters.snapshot();
  }

  @Override
  public void resetCounters() {
    counters.reset();
  }

  /**
   * The simulated user.cfg: roles, ACLs, pools and the token's {@code privsep}, changeable while
   * the simulator runs (and back to the configuration with {@link AccessControl#reset()}).
   */
  @Override
  public AccessControl access() {
    return access;
  }

  /** Moves the simulator's time forward (on top of the configured clock). */
  @Override
  public void advanceClock(Duration d) {
    clock.advance(d);
  }

  /** The simulator's effective clock (configured clock + advances). */
  @Override
  public Clock clock() {
    return clock;
  }

  public Duration taskDuration() {
    return tasks.duration();
  }

  @Override
  public void close() {
    try {
      if (ssh != null) {
        ssh.close();
      }
    } finally {
      server.close();
      tasks.close();
    }
  }

  private String nodeFingerprint(String node) {
    if (tls != null) {
      return tls.fingerprint();
    }
    try {
      return SelfSignedCertificate.colonHex(
          MessageDigest.getInstance("SHA-256").digest(node.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
