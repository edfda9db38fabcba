package io.pvepanel.alerting.evaluation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enabled rules indexed by scope, so a sample meets only the rules that apply to its server: the
 * global rules, its owner's rules and its own rules. Immutable; rebuilt when rules change.
 */
public final class RuleIndex {

  private static final RuleIndex EMPTY = new RuleIndex(List.of());

  private final List<AlertRule> global;
  private final Map<String, List<AlertRule>> byOwner;
  private final Map<String, List<AlertRule>> byServer;
  private final int size;

  private RuleIndex(Collection<AlertRule> rules) {
    List<AlertRule> g = new ArrayList<>();
    Map<String, List<AlertRule>> owners = new HashMap<>();
    Map<String, List<AlertRule>> servers = new HashMap<>();
    for (AlertRule rule : rules) {
      switch (rule.scope()) {
        case GLOBAL -> g.add(rule);
        case USER -> owners.computeIfAbsent(rule.ownerId(), k -> new ArrayList<>()).add(rule);
        case SERVER -> servers.computeIfAbsent(rule.serverId(), k -> new ArrayList<>()).add(rule);
      }
    }
    this.global = List.copyOf(g);
    // the owner's lists already start with the global rules: the common case allocates nothing
    owners.replaceAll(
        (owner, own) -> {
          List<AlertRule> combined = new ArrayList<>(g);
          combined.addAll(own);
          return combined;
        });
    this.byOwner = freeze(owners);
    this.byServer = freeze(servers);
    this.size = rules.size();
  }

  public static RuleIndex of(Collection<AlertRule> rules) {
    return rules.isEmpty() ? EMPTY : new RuleIndex(rules);
  }

  public static RuleIndex empty() {
    return EMPTY;
  }

  public int size() {
    return size;
  }

  /**
   * The rules that apply to a server owned by {@code ownerId} (which may be null: then only global
   * and per-server rules apply).
   */
  public List<AlertRule> rulesFor(String serverId, String ownerId) {
    List<AlertRule> globalAndOwn = ownerId == null ? null : byOwner.get(ownerId);
    if (globalAndOwn == null) {
      globalAndOwn = global;
    }
    List<AlertRule> server = serverId == null ? null : byServer.get(serverId);
    if (server == null) {
      return globalAndOwn;
    }
    List<AlertRule> all = new ArrayList<>(globalAndOwn.size() + server.size());
    all.addAll(globalAndOwn);
    all.addAll(server);
    return all;
  }

  private static Map<String, List<AlertRule>> freeze(Map<String, List<AlertRule>> map) {
    Map<String, List<AlertRule>> frozen = new HashMap<>(map.size() * 2);
    map.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return frozen;
  }
}
