package io.pvepanel.alerting.evaluation;

import io.pvepanel.events.MetricSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The evaluator over an in-memory state table: a rule index plus the state of every (rule, server)
 * pair. Not thread-safe (one engine per partition/thread). The service keeps its states in MariaDB
 * and uses {@link AlertEvaluator} directly; this class serves tests (including "persist → reload →
 * continue" through {@link #states()}) and benchmarks.
 */
public final class AlertEngine {

  private final RuleIndex index;
  private final Map<String, Map<String, RuleState>> statesByServer = new HashMap<>();

  public AlertEngine(RuleIndex index) {
    this(index, List.of());
  }

  /** An engine that continues from persisted states. */
  public AlertEngine(RuleIndex index, Collection<RuleState> states) {
    this.index = index;
    for (RuleState s : states) {
      statesByServer.computeIfAbsent(s.serverId(), k -> new HashMap<>()).put(s.ruleId(), s);
    }
  }

  /** Applies a sample to every rule that applies to its server; returns the announcements. */
  public List<Announcement> accept(MetricSample sample) {
    List<Announcement> out = new ArrayList<>(2);
    accept(sample, out::add);
    return out;
  }

  /** Applies a sample; announcements go to {@code sink}. Returns how many rules it met. */
  public int accept(MetricSample sample, Consumer<Announcement> sink) {
    List<AlertRule> rules = index.rulesFor(sample.serverId(), sample.ownerId());
    if (rules.isEmpty()) {
      return 0;
    }
    Map<String, RuleState> states = statesByServer.get(sample.serverId());
    for (int i = 0, n = rules.size(); i < n; i++) {
      AlertRule rule = rules.get(i);
      RuleState prev = states == null ? null : states.get(rule.id());
      Step step = AlertEvaluator.step(rule, prev, sample);
      if (step.changed()) {
        if (states == null) {
          states = new HashMap<>();
          statesByServer.put(sample.serverId(), states);
        }
        states.put(rule.id(), step.state());
      }
      if (step.announcement() != null) {
        sink.accept(step.announcement());
      }
    }
    return rules.size();
  }

  /** Every stored state (the ones that ever changed), e.g. to persist them. */
  public List<RuleState> states() {
    List<RuleState> all = new ArrayList<>();
    statesByServer.values().forEach(m -> all.addAll(m.values()));
    return all;
  }
}
