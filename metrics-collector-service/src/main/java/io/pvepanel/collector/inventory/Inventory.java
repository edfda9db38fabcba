package io.pvepanel.collector.inventory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The servers to collect, by server id, rebuilt from the compacted {@code server.inventory} topic
 * on every start. Held in memory only: the topic is the source of truth.
 */
@Component
public class Inventory {

  private final Map<String, InventoryEntry> servers = new ConcurrentHashMap<>();

  Inventory(MeterRegistry meters) {
    Gauge.builder("collector.inventory.servers", servers, Map::size)
        .description("servers known from server.inventory")
        .register(meters);
  }

  public InventoryEntry get(String serverId) {
    return servers.get(serverId);
  }

  public void put(InventoryEntry entry) {
    servers.put(entry.serverId(), entry);
  }

  public void remove(String serverId) {
    servers.remove(serverId);
  }

  public boolean contains(String serverId) {
    return servers.containsKey(serverId);
  }

  public int size() {
    return servers.size();
  }

  /** A consistent-enough snapshot grouped by cluster, taken once per cycle. */
  public Map<String, List<InventoryEntry>> byCluster() {
    Map<String, List<InventoryEntry>> out = new HashMap<>();
    for (InventoryEntry e : servers.values()) {
      out.computeIfAbsent(e.cluster(), c -> new ArrayList<>()).add(e);
    }
    return out;
  }
}
