package io.pvepanel.proxmox.simulator.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API requests per (method, route template), e.g. {@code GET /cluster/resources}. */
public final class RequestCounters {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void increment(String method, String template) {
    counts.computeIfAbsent(key(method, template), k -> new LongAdder()).increment();
  }

  public long count(String method, String template) {
    LongAdder a = counts.get(key(method, template));
    return a == null ? 0 : a.sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public void reset() {
    counts.clear();
  }

  static String key(String method, String template) {
    String t = template.startsWith("/api2/json") ? template.substring(10) : template;
    if (t.length() > 1 && t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return method.toUpperCase(java.util.Locale.ROOT) + " " + t;
  }
}
