package io.pvepanel.proxmox.simulator;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How a simulator starts. Builder defaults suit embedded tests: random port, plain HTTP, system
 * clock, instant tasks, no 401 delay, demo guests, SSH on.
 */
public final class SimulatorConfig {

  final int port;
  final String bindAddress;
  final boolean https;
  final Clock clock;
  final Duration taskDuration;
  final Duration unauthorizedDelay;
  final GuestSeed seed;
  final String tokenId;
  final String tokenSecret;
  final String rootPassword;
  final boolean ssh;
  final KeyPair sshClientKeyPair;
  final List<PublicKey> sshAuthorizedKeys;
  final long randomSeed;
  final int pveVersion;
  final AccessControl.Setup access;

  private SimulatorConfig(Builder b) {
    this.port = b.port;
    this.bindAddress = b.bindAddress;
    this.https = b.https;
    this.clock = b.clock;
    this.taskDuration = b.taskDuration;
    this.unauthorizedDelay = b.unauthorizedDelay;
    this.seed = b.seed;
    this.tokenId = b.tokenId;
    this.tokenSecret = b.tokenSecret != null ? b.tokenSecret : UUID.randomUUID().toString();
    this.rootPassword =
        b.rootPassword != null
            ? b.rootPassword
            : "sim-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    this.ssh = b.ssh;
    this.sshClientKeyPair = b.sshClientKeyPair;
    this.sshAuthorizedKeys = List.copyOf(b.sshAuthorizedKeys);
    this.randomSeed = b.randomSeed;
    this.pveVersion = b.pveVersion;
    String user = b.tokenId.substring(0, b.tokenId.indexOf('!'));
    List<AccessControl.AclEntry> acl = new ArrayList<>(b.acl);
    if (b.acl.stream().noneMatch(e -> e.subject().equals(USER))) {
      // the token's user may do anything unless the test says otherwise
      acl.add(0, new AccessControl.AclEntry("/", user, "Administrator", true));
    }
    List<AccessControl.AclEntry> resolved =
        acl.stream()
            .map(
                e ->
                    e.subject().equals(TOKEN)
                        ? new AccessControl.AclEntry(e.path(), b.tokenId, e.role(), e.propagate())
                        : e.subject().equals(USER)
                            ? new AccessControl.AclEntry(e.path(), user, e.role(), e.propagate())
                            : e)
            .toList();
    this.access =
        new AccessControl.Setup(
            b.privsep != null ? b.privsep : b.acl.stream().anyMatch(e -> e.subject().equals(TOKEN)),
            Map.copyOf(b.roles),
            resolved,
            List.copyOf(b.pools));
  }

  // placeholders resolved once the token id is known
  private static final String TOKEN = "<token>";
  private static final String USER = "<user>";

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; every setter is optional. */
  public static final class Builder {
    private int port = 0;
    private String bindAddress = "127.0.0.1";
    private boolean https = false;
    private Clock clock = Clock.systemUTC();
    private Duration taskDuration = Duration.ZERO;
    private Duration unauthorizedDelay = Duration.ZERO;
    private GuestSeed seed = GuestSeed.demo();
    private String tokenId = "panel@pve!ctl";
    private String tokenSecret;
    private String rootPassword;
    private boolean ssh = true;
    private KeyPair sshClientKeyPair;
    private final List<PublicKey> sshAuthorizedKeys = new ArrayList<>();
    private long randomSeed = 42;
    private int pveVersion = 9;
    private Boolean privsep;
    private final Map<String, List<String>> roles = new LinkedHashMap<>();
    private final List<AccessControl.AclEntry> acl = new ArrayList<>();
    private final List<AccessControl.Pool> pools = new ArrayList<>();

    private Builder() {}

    /**
     * A custom role ({@code pveum role add <name> --privs "..."}); privileges as PVE names them,
     * checked against the {@link #pveVersion} (e.g. {@code VM.Monitor} exists on PVE 8 only).
     */
    public Builder role(String name, String... privileges) {
      roles.put(name, List.of(privileges));
      return this;
    }

    /**
     * An ACL for the API token ({@code pveum acl modify <path> --tokens <token> --roles <role>}),
     * propagating. Makes the token privilege-separated ({@code privsep=1}) unless {@link
     * #tokenPrivsep} says otherwise: it then has the intersection of its own ACLs and its user's.
     */
    public Builder tokenAcl(String path, String role) {
      return tokenAcl(path, role, true);
    }

    public Builder tokenAcl(String path, String role, boolean propagate) {
      acl.add(new AccessControl.AclEntry(path, TOKEN, role, propagate));
      return this;
    }

    /**
     * An ACL for the token's user ({@code panel@pve}). Without any, the user holds {@code
     * Administrator} on {@code /} (the default, all-powerful token).
     */
    public Builder userAcl(String path, String role) {
      return userAcl(path, role, true);
    }

    public Builder userAcl(String path, String role, boolean propagate) {
      acl.add(new AccessControl.AclEntry(path, USER, role, propagate));
      return this;
    }

    /** The token's {@code privsep} flag (default: 1 when a token ACL is given, else 0). */
    public Builder tokenPrivsep(boolean privsep) {
      this.privsep = privsep;
      return this;
    }

    /** A resource pool with guests (and storages); ACLs on {@code /pool/<id>} apply to them. */
    public Builder pool(String id, List<Integer> vmids, List<String> storages) {
      pools.add(
          new AccessControl.Pool(id, java.util.Set.copyOf(vmids), java.util.Set.copyOf(storages)));
      return this;
    }

    /** 0 = a random free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress);
      return this;
    }

    /** Self-signed HTTPS (EC P-256 leaf) instead of plain HTTP. */
    public Builder https(boolean https) {
      this.https = https;
      return this;
    }

    /** Time source for tickets, task start times, uptimes, RRD and the 10 s sample tick. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How long worker tasks stay {@code running}; {@code Duration.ZERO} = done on return. */
    public Builder taskDuration(Duration taskDuration) {
      this.taskDuration = Objects.requireNonNull(taskDuration);
      return this;
    }

    /** Delay of every 401 answer (PVE: ~3 s). */
    public Builder unauthorizedDelay(Duration unauthorizedDelay) {
      this.unauthorizedDelay = Objects.requireNonNull(unauthorizedDelay);
      return this;
    }

    public Builder seed(GuestSeed seed) {
      this.seed = Objects.requireNonNull(seed);
      return this;
    }

    /** Full token id {@code user@realm!tokenid}; default {@code panel@pve!ctl}. */
    public Builder tokenId(String tokenId) {
      if (!tokenId.matches("[^@!=\\s]+@[^@!=\\s]+![A-Za-z][A-Za-z0-9.\\-_]+")) {
        throw new IllegalArgumentException("token id must look like user@realm!tokenid");
      }
      this.tokenId = tokenId;
      return this;
    }

    /** Default: a random lowercase UUID. */
    public Builder tokenSecret(String tokenSecret) {
      this.tokenSecret = tokenSecret;
      return this;
    }

    /** root@pam password for ticket login; default random. */
    public Builder rootPassword(String rootPassword) {
      this.rootPassword = rootPassword;
      return this;
    }

    /** Start the per-node SSH listeners (default true). */
    public Builder ssh(boolean ssh) {
      this.ssh = ssh;
      return this;
    }

    /** The client key pair the SSH servers accept; default: generated (EC P-256). */
    public Builder sshClientKeyPair(KeyPair keyPair) {
      this.sshClientKeyPair = keyPair;
      return this;
    }

    /** An additional public key the SSH servers accept. */
    public Builder sshAuthorizedKey(PublicKey key) {
      this.sshAuthorizedKeys.add(key);
      return this;
    }

    /** Seed of fault-injection randomness (error rates). */
    public Builder randomSeed(long randomSeed) {
      this.randomSeed = randomSeed;
      return this;
    }

    /**
     * The simulated cluster's major version: 9 (default) or 8. It decides {@code /version} and the
     * RRD shape of {@code rrddata}: PVE 9 ({@code pve-vm-9.0}: hour 60 s × 60, day 60 s × 1440,
     * week 30 min × 336, month 30 min × 1440, year 6 h × 1440, pressure fields, an empty last point
     * dropped) or PVE 8 ({@code pve2-vm}: 70 points each, hour 60 s, day 30 min, week 3 h, month 12
     * h, year 7 d; no pressure or memhost fields).
     */
    public Builder pveVersion(int pveVersion) {
      if (pveVersion != 8 && pveVersion != 9) {
        throw new IllegalArgumentException("pveVersion must be 8 or 9");
      }
      this.pveVersion = pveVersion;
      return this;
    }

    public SimulatorConfig build() {
      return new SimulatorConfig(this);
    }
  }
}
