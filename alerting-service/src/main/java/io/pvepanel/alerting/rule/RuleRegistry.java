package io.pvepanel.alerting.rule;

import io.pvepanel.alerting.AlertingProperties;
import io.pvepanel.alerting.evaluation.RuleIndex;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The enabled rules as an in-memory {@link RuleIndex}, reloaded from the database when older than
 * {@code pvepanel.alerting.rule-refresh-interval} (so every instance picks up changes made through
 * another one) and at once after a change through this instance.
 */
@Component
public class RuleRegistry {

  private record Snapshot(RuleIndex index, long loadedAt) {}

  private final RuleRepository rules;
  private final Clock clock;
  private final long refreshMillis;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  RuleRegistry(RuleRepository rules, Clock clock, AlertingProperties properties) {
    this.rules = rules;
    this.clock = clock;
    this.refreshMillis = properties.ruleRefreshInterval().toMillis();
  }

  /** The current index, reloading it first when it is stale. */
  public Mono<RuleIndex> index() {
    Snapshot snapshot = current.get();
    long now = clock.millis();
    if (snapshot != null && now - snapshot.loadedAt() < refreshMillis) {
      return Mono.just(snapshot.index());
    }
    return rules
        .findEnabled()
        .map(RuleRecord::toAlertRule)
        .collectList()
        .map(
            list -> {
              RuleIndex index = RuleIndex.of(list);
              current.set(new Snapshot(index, now));
              return index;
            });
  }

  /** Makes the next {@link #index()} reload. */
  void invalidate() {
    current.set(null);
  }
}
