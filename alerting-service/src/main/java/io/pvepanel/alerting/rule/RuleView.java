package io.pvepanel.alerting.rule;

import java.time.Instant;

/** A rule as the API shows it. */
record RuleView(
    long id,
    String name,
    String metric,
    String operator,
    double threshold,
    int forSeconds,
    int repeatIntervalSeconds,
    boolean sendResolved,
    boolean enabled,
    Instant muteUntil,
    String scope,
    String ownerId,
    String serverId,
    Instant createdAt,
    Instant updatedAt) {

  static RuleView of(RuleRecord r) {
    return new RuleView(
        r.id(),
        r.name(),
        r.metric().wireName(),
        r.operator().symbol(),
        r.threshold(),
        r.forSeconds(),
        r.repeatSeconds(),
        r.sendResolved(),
        r.enabled(),
        r.muteUntil(),
        r.scope().wireName(),
        r.ownerId(),
        r.serverId(),
        r.createdAt(),
        r.updatedAt());
  }
}
