package io.pvepanel.alerting.alert;

import java.time.Instant;

/** One alert episode as {@code GET /api/alerts} shows it. */
record AlertView(
    String id,
    String ruleId,
    String ruleName,
    String serverId,
    String ownerId,
    String metric,
    String operator,
    double threshold,
    Double value,
    String state,
    Instant startsAt,
    Instant endsAt) {}
