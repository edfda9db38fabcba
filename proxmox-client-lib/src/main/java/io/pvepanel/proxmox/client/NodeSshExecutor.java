package io.pvepanel.proxmox.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs {@code pct exec <vmid> -- chpasswd} on a node over SSH (LXC has no password API). The
 * password travels only on the command's stdin. Host keys are pinned per node by SHA-256; key auth
 * only. One {@link SshClient} is shared; each call opens its own short session.
 */
final class NodeSshExecutor implements AutoCloseable {
  private static final AttributeRepository.AttributeKey<String> EXPECTED_KEY =
      new AttributeRepository.AttributeKey<>();
  private static final AttributeRepository.AttributeKey<AtomicBoolean> REJECTED =
      new AttributeRepository.AttributeKey<>();
  private static final int MAX_STDERR = 2000;

  private final String cluster;
  private final ProxmoxClusterProperties.NodeSsh settings;
  private final List<KeyPair> keys;
  private final SshClient client;

  NodeSshExecutor(String cluster, ProxmoxClusterProperties.NodeSsh settings, KeyPair keyPair) {
    this.cluster = cluster;
    this.settings = settings;
    this.keys = keyPair != null ? List.of(keyPair) : loadKeys(cluster, settings);
    this.client = SshClient.setUpDefaultClient();
    // Password and keyboard-interactive are never offered: only our dedicated key.
    client.setUserAuthFactoriesNames("publickey");
    client.setServerKeyVerifier(NodeSshExecutor::verifyHostKey);
    client.start();
  }

  private static boolean verifyHostKey(
      ClientSession session, java.net.SocketAddress remote, PublicKey key) {
    AttributeRepository ctx = session.getConnectionContext();
    String expected = ctx == null ? null : ctx.getAttribute(EXPECTED_KEY);
    String actual = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    boolean ok =
        expected != null
            && java.security.MessageDigest.isEqual(
                stripPadding(expected).getBytes(StandardCharsets.US_ASCII),
                stripPadding(actual).getBytes(StandardCharsets.US_ASCII));
    if (!ok && ctx != null) {
      ctx.getAttribute(REJECTED).set(true);
    }
    return ok;
  }

  // OpenSSH prints SHA256 fingerprints without base64 padding; accept either form in config.
  private static String stripPadding(String fp) {
    String s = fp.strip();
    while (s.endsWith("=")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static List<KeyPair> loadKeys(String cluster, ProxmoxClusterProperties.NodeSsh s) {
    try {
      InputStream in;
      String name;
      if (s.privateKey() != null && !s.privateKey().isBlank()) {
        in = new ByteArrayInputStream(s.privateKey().getBytes(StandardCharsets.UTF_8));
        name = "node-ssh-key";
      } else if (s.privateKeyPath() != null && !s.privateKeyPath().isBlank()) {
        in = Files.newInputStream(Path.of(s.privateKeyPath()));
        name = s.privateKeyPath();
      } else {
        throw new IllegalArgumentException(
            "cluster " + cluster + ": node-ssh needs private-key-path or private-key");
      }
      try (in) {
        List<KeyPair> out = new ArrayList<>();
        Iterable<KeyPair> loaded =
            SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(name), in, null);
        if (loaded != null) {
          loaded.forEach(out::add);
        }
        if (out.isEmpty()) {
          throw new IllegalArgumentException("cluster " + cluster + ": no key in node-ssh key");
        }
        return List.copyOf(out);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cluster " + cluster + ": cannot read node-ssh private key: " + e.getClass().getName(),
          e);
    }
  }

  /** Sets root's password inside a running container via {@code pct exec ... chpasswd}. */
  Mono<Void> chpasswd(String node, int vmid, String password) {
    return Mono.<Void>fromCallable(
            () -> {
              run(node, "pct exec " + vmid + " -- chpasswd", "root:" + password + "\n");
              return null;
            })
        // MINA's API blocks on futures; keep that off the event loop.
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Connects to the node, verifies its host key against the pin and authenticates, then closes:
   * runs no command (the node's forced command would refuse anything but chpasswd anyway).
   */
  Mono<Void> check(String node) {
    return Mono.<Void>fromCallable(
            () -> {
              run(node, null, null);
              return null;
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Runs {@code command} with {@code stdin}; with a null command only connects and logs in. */
  void run(String node, String command, String stdin) {
    ProxmoxClusterProperties.NodeHost host = settings.nodes().get(node);
    if (host == null) {
      throw new ProxmoxSshException(
          cluster, "no node-ssh endpoint configured for node " + node, null, null, "", false);
    }
    int port = host.port() != null ? host.port() : settings.port();
    AtomicBoolean rejected = new AtomicBoolean();
    AttributeRepository context =
        AttributeRepository.ofAttributesMap(
            java.util.Map.of(EXPECTED_KEY, host.hostKeyFingerprint(), REJECTED, rejected));
    String where = " (" + (command == null ? "login" : command) + " on " + node + ")";
    Duration connectTimeout = settings.connectTimeout();
    try (ClientSession session =
        client
            .connect(settings.user(), new InetSocketAddress(host.host(), port), context, null)
            .verify(connectTimeout)
            .getSession()) {
      keys.forEach(session::addPublicKeyIdentity);
      session.auth().verify(connectTimeout);
      if (command == null) {
        return;
      }
      try (ChannelExec channel = session.createExecChannel(command)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        channel.setOut(out);
        channel.setErr(err);
        channel.open().verify(connectTimeout);
        byte[] input = stdin.getBytes(StandardCharsets.UTF_8);
        try {
          OutputStream pipe = channel.getInvertedIn();
          pipe.write(input);
          pipe.flush();
          pipe.close();
        } finally {
          Arrays.fill(input, (byte) 0);
        }
        Set<ClientChannelEvent> events =
            channel.waitFor(
                EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS),
                settings.commandTimeout());
        if (events.contains(ClientChannelEvent.TIMEOUT)) {
          throw new ProxmoxTimeoutException(
              cluster,
              "SSH command timed out after " + settings.commandTimeout() + where,
              null,
              false);
        }
        if (!events.contains(ClientChannelEvent.EXIT_STATUS)) {
          channel.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS), Duration.ofSeconds(1));
        }
        Integer exit = channel.getExitStatus();
        if (exit == null || exit != 0) {
          String stderr = err.toString(StandardCharsets.UTF_8).strip();
          if (stderr.length() > MAX_STDERR) {
            stderr = stderr.substring(0, MAX_STDERR);
          }
          throw new ProxmoxSshException(
              cluster,
              "SSH command exited with " + exit + where + (stderr.isEmpty() ? "" : ": " + stderr),
              null,
              exit,
              stderr,
              false);
        }
      }
    } catch (ProxmoxException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (rejected.get()) {
        throw new ProxmoxSshException(
            cluster,
            "host key of " + node + " does not match the pinned fingerprint",
            e,
            null,
            "",
            true);
      }
      if (isTimeout(e)) {
        throw new ProxmoxTimeoutException(cluster, "SSH timed out" + where, e, false);
      }
      throw new ProxmoxSshException(
          cluster, "SSH failed" + where + ": " + e.getMessage(), e, null, "", false);
    }
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof java.net.SocketTimeoutException
          || (t.getMessage() != null && t.getMessage().toLowerCase().contains("timeout"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (RuntimeException ignored) {
      // best effort on shutdown
    }
  }
}
