package io.pvepanel.alerting.evaluation;

import java.time.Instant;

/**
 * Something the evaluator wants said on {@code alert.events}.
 *
 * @param type {@code alert.firing}, {@code alert.repeat} or {@code alert.resolved}
 * @param value the value that caused it (for resolved: the first value back on the good side)
 * @param endsAt set for resolved announcements only
 */
public record Announcement(
    String type,
    AlertRule rule,
    String serverId,
    String ownerId,
    String alertId,
    double value,
    Instant at,
    Instant startsAt,
    Instant endsAt) {}
