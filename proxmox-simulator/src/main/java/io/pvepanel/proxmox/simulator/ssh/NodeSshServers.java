package io.pvepanel.proxmox.simulator.ssh;

import io.pvepanel.proxmox.simulator.guest.Cluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

/** One SSH listener per node, each with its own host key, like real PVE nodes. */
public final class NodeSshServers implements AutoCloseable {

  /** Where one node's SSH server listens. */
  public record Endpoint(String node, String host, int port, String hostKeyFingerprint) {}

  private final Map<String, SshServer> servers = new LinkedHashMap<>();
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "pve-sim-ssh-exec");
            t.setDaemon(true);
            return t;
          });

  public NodeSshServers(Cluster cluster, String host, List<PublicKey> authorizedKeys) {
    try {
      for (String node : cluster.nodes()) {
        KeyPair hostKey = ecKeyPair();
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setPublickeyAuthenticator(
            (user, key, session) ->
                "root".equals(user)
                    && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        sshd.setCommandFactory(
            (channel, command) -> new PctExecCommand(cluster, node, command, executor));
        sshd.start();
        servers.put(node, sshd);
        endpoints.put(
            node,
            new Endpoint(
                node,
                host,
                sshd.getPort(),
                KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic())));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  public static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public Endpoint endpoint(String node) {
    return endpoints.get(node);
  }

  public Map<String, Endpoint> endpoints() {
    return Map.copyOf(endpoints);
  }

  @Override
  public void close() {
    for (SshServer s : servers.values()) {
      try {
        s.stop(true);
      } catch (IOException e) {
        // closing anyway
      }
    }
    executor.shutdownNow();
  }
}
