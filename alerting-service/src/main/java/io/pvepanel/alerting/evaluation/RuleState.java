package io.pvepanel.alerting.evaluation;

import java.util.UUID;

/**
 * The persisted state of one (rule, server) pair. Times are epoch milliseconds of sample times.
 *
 * @param activeSince when the condition started to hold (pending or firing); 0 when inactive
 * @param alertId the current firing episode; null unless firing
 * @param lastAnnouncedAt when the episode was last announced (firing or repeat); 0 when it has not
 *     been announced yet (for example because the rule was muted)
 * @param lastSampleAt the newest sample applied; older or equal samples are ignored (redelivery)
 * @param lastEventId the eventId of that sample
 * @param lastValue the last real value seen while pending or firing; NaN when none
 */
public record RuleState(
    String ruleId,
    String serverId,
    Phase phase,
    long activeSince,
    String alertId,
    long lastAnnouncedAt,
    long lastSampleAt,
    UUID lastEventId,
    double lastValue) {

  public static RuleState inactive(String ruleId, String serverId) {
    return new RuleState(ruleId, serverId, Phase.INACTIVE, 0, null, 0, Long.MIN_VALUE, null, 0);
  }
}
