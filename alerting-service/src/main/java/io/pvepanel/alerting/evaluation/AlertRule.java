package io.pvepanel.alerting.evaluation;

import java.time.Instant;
import java.util.Objects;

/**
 * A rule as the evaluator sees it (immutable; disabled rules are never handed to the evaluator).
 *
 * @param forMillis how long the condition must hold before the alert fires; 0 fires at once
 * @param repeatMillis minimum time between two announcements of one firing alert
 * @param muteUntil announcements are suppressed while the sample time is before it; null: never
 * @param ownerId the user of a {@link Scope#USER} rule, the server owner of a {@link Scope#SERVER}
 *     rule, null for {@link Scope#GLOBAL}
 * @param serverId the server of a {@link Scope#SERVER} rule, otherwise null
 */
public record AlertRule(
    String id,
    String name,
    Metric metric,
    Operator operator,
    double threshold,
    long forMillis,
    long repeatMillis,
    boolean sendResolved,
    Instant muteUntil,
    Scope scope,
    String ownerId,
    String serverId) {

  public AlertRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(scope, "scope");
    if (forMillis < 0 || repeatMillis <= 0) {
      throw new IllegalArgumentException("for must be >= 0 and repeat > 0");
    }
    if (scope == Scope.USER && ownerId == null) {
      throw new IllegalArgumentException("a user rule needs an owner");
    }
    if (scope == Scope.SERVER && serverId == null) {
      throw new IllegalArgumentException("a server rule needs a server");
    }
  }

  boolean mutedAt(long epochMillis) {
    return muteUntil != null && epochMillis < muteUntil.toEpochMilli();
  }
}
