package io.pvepanel.proxmox.client;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** Registry of the configured clusters' clients, by cluster name. */
public final class ProxmoxClusters implements AutoCloseable {
  private final Map<String, ProxmoxClient> clients;

  private ProxmoxClusters(Map<String, ProxmoxClient> clients) {
    this.clients = clients;
  }

  /** Builds one client per cluster; names must be unique. */
  public static ProxmoxClusters create(
      List<ProxmoxClusterProperties> clusters, MeterRegistry meters, Clock clock) {
    Map<String, ProxmoxClient> clients = new LinkedHashMap<>();
    for (ProxmoxClusterProperties p : clusters) {
      if (clients.containsKey(p.name())) {
        clients.values().forEach(ProxmoxClient::close);
        throw new IllegalArgumentException("duplicate proxmox cluster name: " + p.name());
      }
      clients.put(p.name(), ProxmoxClient.builder(p).meterRegistry(meters).clock(clock).build());
    }
    return new ProxmoxClusters(Map.copyOf(clients));
  }

  /** Registry over clients built elsewhere (e.g. with an SSH key pair given in code). */
  public static ProxmoxClusters of(List<ProxmoxClient> clients) {
    Map<String, ProxmoxClient> map = new LinkedHashMap<>();
    clients.forEach(c -> map.put(c.cluster(), c));
    return new ProxmoxClusters(Map.copyOf(map));
  }

  /**
   * The client of a cluster.
   *
   * @throws NoSuchElementException for an unknown cluster name
   */
  public ProxmoxClient client(String clusterName) {
    ProxmoxClient client = clients.get(clusterName);
    if (client == null) {
      throw new NoSuchElementException("no proxmox cluster named '" + clusterName + "'");
    }
    return client;
  }

  public Set<String> names() {
    return clients.keySet();
  }

  @Override
  public void close() {
    clients.values().forEach(ProxmoxClient::close);
  }
}
