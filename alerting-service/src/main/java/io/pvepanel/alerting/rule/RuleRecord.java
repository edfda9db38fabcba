package io.pvepanel.alerting.rule;

import io.pvepanel.alerting.evaluation.AlertRule;
import io.pvepanel.alerting.evaluation.Metric;
import io.pvepanel.alerting.evaluation.Operator;
import io.pvepanel.alerting.evaluation.Scope;
import java.time.Instant;

/** A stored rule (a row of {@code alert_rule}). */
record RuleRecord(
    Long id,
    String name,
    Metric metric,
    Operator operator,
    double threshold,
    int forSeconds,
    int repeatSeconds,
    boolean sendResolved,
    boolean enabled,
    Instant muteUntil,
    Scope scope,
    String ownerId,
    String serverId,
    String createdBy,
    Instant createdAt,
    Instant updatedAt) {

  AlertRule toAlertRule() {
    return new AlertRule(
        Long.toString(id),
        name,
        metric,
        operator,
        threshold,
        forSeconds * 1000L,
        repeatSeconds * 1000L,
        sendResolved,
        muteUntil,
        scope,
        ownerId,
        serverId);
  }

  RuleRecord withId(long newId) {
    return new RuleRecord(
        newId,
        name,
        metric,
        operator,
        threshold,
        forSeconds,
        repeatSeconds,
        sendResolved,
        enabled,
        muteUntil,
        scope,
        ownerId,
        serverId,
        createdBy,
        createdAt,
        updatedAt);
  }
}
