package io.pvepanel.proxmox.client;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * Connection settings of one Proxmox VE cluster. Null values take the documented defaults.
 * Credentials: either {@code apiToken} or {@code username} + {@code password}; they should come
 * from the environment, and {@link #toString()} masks them.
 *
 * @param name cluster name used in metrics, errors and {@link ProxmoxClusters#client(String)}
 * @param baseUrl {@code https://host:8006} (the client appends {@code /api2/json})
 * @param apiToken {@code USER@REALM!TOKENID=SECRET}, with or without the {@code PVEAPIToken=}
 *     prefix
 * @param tlsFingerprint SHA-256 of the leaf certificate, uppercase hex with colons; when set the
 *     certificate chain and host name are not checked, only the pin
 * @param caFile PEM file with the trust anchor(s), e.g. a copy of {@code pve-root-ca.pem}; neither
 *     set = system trust
 * @param connectTimeout default 5 s
 * @param responseTimeout default 30 s (pveproxy's own proxy hop gives up after 30 s with 596)
 * @param maxRetries retries of idempotent GETs after transport/proxy/gateway errors, default 2
 * @param retryBackoff first retry delay (doubles, capped at 2 s), default 200 ms
 * @param maxResponseSize body size cap, default 64 MB
 * @param taskPollInterval {@code awaitTask} poll period, default 1 s
 * @param maxConnections connection pool size, default 32
 * @param maxIdleTime pooled connection idle time, default 4 s (below pveproxy's 5 s keep-alive)
 * @param circuitBreaker breaker tuning, see {@link CircuitBreaker}
 * @param nodeSsh SSH to the nodes (LXC root passwords), optional
 * @param consoleUser a ticket user for container consoles where termproxy rejects the API token
 *     (Proxmox bug 6079), optional; see {@link ConsoleUser}
 * @param allowInsecureHttp accept an {@code http://} base URL, default false: over plain HTTP the
 *     API token (or the password and every ticket) travels in clear, so only the local run and the
 *     tests, which talk to the simulator on the loopback interface, set it
 */
public record ProxmoxClusterProperties(
    @NotBlank String name,
    @NotBlank String baseUrl,
    String apiToken,
    String username,
    String password,
    String tlsFingerprint,
    String caFile,
    Duration connectTimeout,
    Duration responseTimeout,
    Integer maxRetries,
    Duration retryBackoff,
    DataSize maxResponseSize,
    Duration taskPollInterval,
    Integer maxConnections,
    Duration maxIdleTime,
    @Valid CircuitBreaker circuitBreaker,
    @Valid NodeSsh nodeSsh,
    @Valid ConsoleUser consoleUser,
    boolean allowInsecureHttp) {

  static final Pattern FINGERPRINT = Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}");

  /** The one place every setting is checked and defaulted (binding, the builder, the shim). */
  @org.springframework.boot.context.properties.bind.ConstructorBinding
  public ProxmoxClusterProperties {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("proxmox cluster name is required");
    }
    if (baseUrl == null || !baseUrl.matches("https?://[^/]+/?")) {
      throw new IllegalArgumentException(
          "cluster " + name + ": baseUrl must look like https://host:8006, got " + baseUrl);
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (baseUrl.startsWith("http:") && !allowInsecureHttp) {
      throw new IllegalArgumentException(
          "cluster "
              + name
              + ": base-url "
              + baseUrl
              + " is plain HTTP, which would send the API credentials unencrypted; use https://"
              + " (with tls-fingerprint or ca-file), or set allow-insecure-http=true on this"
              + " cluster (local runs and tests against the simulator only)");
    }
    boolean token = apiToken != null && !apiToken.isBlank();
    boolean user = username != null && !username.isBlank();
    if (token == user) {
      throw new IllegalArgumentException(
          "cluster " + name + ": configure exactly one of api-token or username/password");
    }
    if (user && (password == null || password.isEmpty())) {
      throw new IllegalArgumentException("cluster " + name + ": password is required");
    }
    if (tlsFingerprint != null && !tlsFingerprint.isBlank()) {
      if (!FINGERPRINT.matcher(tlsFingerprint.trim()).matches()) {
        throw new IllegalArgumentException(
            "cluster " + name + ": tls-fingerprint must be 32 hex bytes separated by colons");
      }
      if (caFile != null && !caFile.isBlank()) {
        throw new IllegalArgumentException(
            "cluster " + name + ": set tls-fingerprint or ca-file, not both");
      }
    }
    connectTimeout = orDefault(connectTimeout, Duration.ofSeconds(5));
    responseTimeout = orDefault(responseTimeout, Duration.ofSeconds(30));
    maxRetries = orDefault(maxRetries, 2);
    retryBackoff = orDefault(retryBackoff, Duration.ofMillis(200));
    maxResponseSize = orDefault(maxResponseSize, DataSize.ofMegabytes(64));
    taskPollInterval = orDefault(taskPollInterval, Duration.ofSeconds(1));
    maxConnections = orDefault(maxConnections, 32);
    maxIdleTime = orDefault(maxIdleTime, Duration.ofSeconds(4));
    circuitBreaker = orDefault(circuitBreaker, new CircuitBreaker(null, null, null, null, null));
    if (maxResponseSize.toBytes() > Integer.MAX_VALUE || maxResponseSize.toBytes() < 1024) {
      throw new IllegalArgumentException("cluster " + name + ": max-response-size out of range");
    }
  }

  /** Settings built by name; everything not set takes its default. */
  public static Builder builder(String name, String baseUrl) {
    return new Builder(name, baseUrl);
  }

  /** Builds {@link ProxmoxClusterProperties}; {@link #build()} validates as binding does. */
  public static final class Builder {
    private final String name;
    private final String baseUrl;
    private String apiToken;
    private String username;
    private String password;
    private String tlsFingerprint;
    private String caFile;
    private Duration connectTimeout;
    private Duration responseTimeout;
    private Integer maxRetries;
    private Duration retryBackoff;
    private DataSize maxResponseSize;
    private Duration taskPollInterval;
    private Integer maxConnections;
    private Duration maxIdleTime;
    private CircuitBreaker circuitBreaker;
    private NodeSsh nodeSsh;
    private ConsoleUser consoleUser;
    private boolean allowInsecureHttp;

    private Builder(String name, String baseUrl) {
      this.name = name;
      this.baseUrl = baseUrl;
    }

    public Builder apiToken(String v) {
      apiToken = v;
      return this;
    }

    public Builder login(String user, String pass) {
      username = user;
      password = pass;
      return this;
    }

    public Builder tlsFingerprint(String v) {
      tlsFingerprint = v;
      return this;
    }

    public Builder caFile(String v) {
      caFile = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder responseTimeout(Duration v) {
      responseTimeout = v;
      return this;
    }

    public Builder maxRetries(Integer v) {
      maxRetries = v;
      return this;
    }

    public Builder retryBackoff(Duration v) {
      retryBackoff = v;
      return this;
    }

    public Builder maxResponseSize(DataSize v) {
      maxResponseSize = v;
      return this;
    }

    public Builder taskPollInterval(Duration v) {
      taskPollInterval = v;
      return this;
    }

    public Builder maxConnections(Integer v) {
      maxConnections = v;
      return this;
    }

    public Builder maxIdleTime(Duration v) {
      maxIdleTime = v;
      return this;
    }

    public Builder circuitBreaker(CircuitBreaker v) {
      circuitBreaker = v;
      return this;
    }

    public Builder nodeSsh(NodeSsh v) {
      nodeSsh = v;
      return this;
    }

    public Builder consoleUser(ConsoleUser v) {
      consoleUser = v;
      return this;
    }

    /** See {@link ProxmoxClusterProperties#allowInsecureHttp()}: local runs and tests only. */
    public Builder allowInsecureHttp(boolean v) {
      allowInsecureHttp = v;
      return this;
    }

    public ProxmoxClusterProperties build() {
      return new ProxmoxClusterProperties(
          name,
          baseUrl,
          apiToken,
          username,
          password,
          tlsFingerprint,
          caFile,
          connectTimeout,
          responseTimeout,
          maxRetries,
          retryBackoff,
          maxResponseSize,
          taskPollInterval,
          maxConnections,
          maxIdleTime,
          circuitBreaker,
          nodeSsh,
          consoleUser,
          allowInsecureHttp);
    }
  }

  /**
   * A ticket-authenticated user for container consoles ({@code termproxy} and its websocket) on
   * clusters whose termproxy rejects API tokens: pve-container below 5.3.4 (PVE 8) / 6.1.3 (PVE 9)
   * or libpve-access-control below 8.2.3 / 9.0.4 (Proxmox bug 6079). Only used with token auth.
   *
   * @param username e.g. {@code console@pve} (needs VM.Console and VM.Audit, no second factor)
   * @param password its password (from the environment)
   * @param use {@code auto} (default): per node, only where that node's packages (read through
   *     {@code apt/versions}; unreadable counts as old) are too old; {@code always}: every console
   */
  public record ConsoleUser(String username, String password, String use) {
    public ConsoleUser {
      if (username == null || username.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("console-user needs username and password");
      }
      use = orDefault(use, "auto");
      if (!use.equals("auto") && !use.equals("always")) {
        throw new IllegalArgumentException("console-user.use must be auto or always");
      }
    }

    public boolean always() {
      return use.equals("always");
    }

    @Override
    public String toString() {
      return "ConsoleUser[" + username + ", use=" + use + "]";
    }
  }

  /** Token auth with every other setting at its default (an {@code https://} base URL). */
  public static ProxmoxClusterProperties withToken(String name, String baseUrl, String apiToken) {
    return builder(name, baseUrl).apiToken(apiToken).build();
  }

  /** Ticket (username/password) auth with every other setting at its default. */
  public static ProxmoxClusterProperties withPassword(
      String name, String baseUrl, String username, String password) {
    return builder(name, baseUrl).login(username, password).build();
  }

  static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /**
   * Per-cluster circuit breaker, tuned for low call rates: a time-based window so a few calls a
   * minute still count, and only cluster-health failures (transport, timeouts, 595/596/5xx gateway)
   * are recorded — business errors such as {@code CT 101 already running} are not.
   *
   * @param window sliding window length, default 60 s
   * @param minimumCalls calls in the window before the rate is judged, default 5
   * @param failureRateThreshold percent of failed calls that opens the breaker, default 50
   * @param openDuration how long it stays open before letting trial calls through, default 30 s
   * @param halfOpenCalls trial calls in half-open state, default 2
   */
  public record CircuitBreaker(
      Duration window,
      Integer minimumCalls,
      Float failureRateThreshold,
      Duration openDuration,
      Integer halfOpenCalls) {
    public CircuitBreaker {
      window = orDefault(window, Duration.ofSeconds(60));
      minimumCalls = orDefault(minimumCalls, 5);
      failureRateThreshold = orDefault(failureRateThreshold, 50f);
      openDuration = orDefault(openDuration, Duration.ofSeconds(30));
      halfOpenCalls = orDefault(halfOpenCalls, 2);
    }
  }

  /**
   * SSH to the cluster nodes, used for LXC root passwords ({@code pct exec <vmid> -- chpasswd}).
   *
   * @param user login user, default {@code root}
   * @param privateKeyPath path of the private key file (OpenSSH or PEM), e.g. a mounted Secret: the
   *     form for deployments, so the key is in no environment variable or JSON
   * @param privateKey the private key text itself (tests and the local run); not together with
   *     {@code privateKeyPath}
   * @param port default port, 22
   * @param connectTimeout connect + authentication bound, default 10 s
   * @param commandTimeout bound on the remote command, default 30 s
   * @param nodes per node name: host, optional port, and the pinned host key fingerprint
   */
  public record NodeSsh(
      String user,
      String privateKeyPath,
      String privateKey,
      Integer port,
      Duration connectTimeout,
      Duration commandTimeout,
      Map<String, @Valid NodeHost> nodes) {
    public NodeSsh {
      if (privateKeyPath != null
          && !privateKeyPath.isBlank()
          && privateKey != null
          && !privateKey.isBlank()) {
        throw new IllegalArgumentException(
            "node-ssh: set private-key-path (a mounted file) or private-key, not both");
      }
      user = orDefault(user, "root");
      port = orDefault(port, 22);
      connectTimeout = orDefault(connectTimeout, Duration.ofSeconds(10));
      commandTimeout = orDefault(commandTimeout, Duration.ofSeconds(30));
      nodes = nodes == null ? Map.of() : Map.copyOf(nodes);
    }

    @Override
    public String toString() {
      return "NodeSsh[user=" + user + ", keyPath=" + privateKeyPath + ", nodes=" + nodes + "]";
    }
  }

  /**
   * One node's SSH endpoint.
   *
   * @param hostKeyFingerprint OpenSSH form {@code SHA256:<base64>}; any other host key is rejected
   */
  public record NodeHost(@NotBlank String host, Integer port, @NotBlank String hostKeyFingerprint) {
    public NodeHost {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("node-ssh host is required");
      }
      if (hostKeyFingerprint == null || !hostKeyFingerprint.startsWith("SHA256:")) {
        throw new IllegalArgumentException(
            "node-ssh host-key-fingerprint must be in the form SHA256:<base64>");
      }
    }
  }

  @Override
  public String toString() {
    return "ProxmoxClusterProperties[name="
        + name
        + ", baseUrl="
        + baseUrl
        + ", auth="
        + (apiToken != null ? "token" : "ticket(" + username + ")")
        + (consoleUser != null ? ", consoleUser=" + consoleUser.username() : "")
        + (allowInsecureHttp ? ", allowInsecureHttp=true" : "")
        + ", tlsFingerprint="
        + tlsFingerprint
        + ", caFile="
        + caFile
        + "]";
  }
}
