package io.pvepanel.alerting.evaluation;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The alert state machine of one (rule, server) pair, in the style of Prometheus/Alertmanager:
 * {@code inactive → pending (for) → firing → inactive (resolved)}. Pure: no clock, no I/O; all time
 * is the sample's {@code occurredAt}.
 *
 * <ul>
 *   <li>A sample not newer than the last applied one changes nothing (redelivery, replays).
 *   <li>A sample without a usable value (no-data, unknown, a null figure) changes nothing: it never
 *       fires, never resolves and never repeats. Exception: {@link Metric#STATUS_DOWN} counts
 *       {@code dataState unknown} as down (see {@link Metric#read}).
 *   <li>Pending becomes firing on the first real sample that still meets the condition once {@code
 *       for} has elapsed since the condition started to hold; a real sample that does not meet it
 *       returns pending to inactive silently (flapping sends nothing).
 *   <li>A firing alert is announced once ({@code alert.firing}), then at most once per repeat
 *       interval ({@code alert.repeat}) on real samples that still meet the condition.
 *   <li>A real sample that does not meet the condition resolves the alert; {@code alert.resolved}
 *       is announced when the rule sends resolutions and the alert had been announced.
 *   <li>Mute suppresses announcements, never state changes. A firing alert first seen while muted
 *       is announced as {@code alert.firing} on the first hot sample after the mute ends.
 * </ul>
 */
public final class AlertEvaluator {

  private AlertEvaluator() {}

  /**
   * Applies one sample to one (rule, server) pair.
   *
   * @param previous the pair's state; null when it has none (inactive)
   */
  public static Step step(AlertRule rule, RuleState previous, MetricSample sample) {
    RuleState prev = previous != null ? previous : RuleState.inactive(rule.id(), sample.serverId());
    long t = sample.occurredAt().toEpochMilli();
    if (t <= prev.lastSampleAt()) {
      return Step.unchanged(prev);
    }
    double value = rule.metric().read(sample);
    if (Double.isNaN(value)) {
      return Step.unchanged(prev);
    }
    boolean hot =
        rule.metric() == Metric.STATUS_DOWN
            ? value >= 1.0
            : rule.operator().test(value, rule.threshold());
    boolean muted = rule.mutedAt(t);
    switch (prev.phase()) {
      case INACTIVE -> {
        if (!hot) {
          return Step.unchanged(prev);
        }
        if (rule.forMillis() == 0) {
          return fire(rule, prev, sample, t, t, value, muted);
        }
        RuleState pending =
            new RuleState(
                rule.id(), prev.serverId(), Phase.PENDING, t, null, 0, t, sample.eventId(), value);
        return new Step(pending, true, null, Step.Transition.NONE);
      }
      case PENDING -> {
        if (!hot) {
          return new Step(inactiveAfter(prev, sample, t), true, null, Step.Transition.NONE);
        }
        if (t - prev.activeSince() >= rule.forMillis()) {
          return fire(rule, prev, sample, prev.activeSince(), t, value, muted);
        }
        return Step.unchanged(prev);
      }
      case FIRING -> {
        if (!hot) {
          Announcement resolved = null;
          if (rule.sendResolved() && !muted && prev.lastAnnouncedAt() != 0) {
            resolved =
                new Announcement(
                    AlertEvent.RESOLVED,
                    rule,
                    prev.serverId(),
                    sample.ownerId(),
                    prev.alertId(),
                    value,
                    sample.occurredAt(),
                    Instant.ofEpochMilli(prev.activeSince()),
                    sample.occurredAt());
          }
          return new Step(inactiveAfter(prev, sample, t), true, resolved, Step.Transition.RESOLVED);
        }
        if (muted) {
          return Step.unchanged(prev);
        }
        String type;
        if (prev.lastAnnouncedAt() == 0) {
          type = AlertEvent.FIRING;
        } else if (t - prev.lastAnnouncedAt() >= rule.repeatMillis()) {
          type = AlertEvent.REPEAT;
        } else {
          return Step.unchanged(prev);
        }
        RuleState announced =
            new RuleState(
                rule.id(),
                prev.serverId(),
                Phase.FIRING,
                prev.activeSince(),
                prev.alertId(),
                t,
                t,
                sample.eventId(),
                value);
        return new Step(
            announced,
            true,
            new Announcement(
                type,
                rule,
                prev.serverId(),
                sample.ownerId(),
                prev.alertId(),
                value,
                sample.occurredAt(),
                Instant.ofEpochMilli(prev.activeSince()),
                null),
            Step.Transition.NONE);
      }
      default -> throw new IllegalStateException("unknown phase " + prev.phase());
    }
  }

  /** A stable id for one firing episode, so a retried evaluation produces the same id. */
  public static String alertId(String ruleId, String serverId, long startedAt) {
    return UUID.nameUUIDFromBytes(
            (ruleId + '\u0000' + serverId + '\u0000' + startedAt).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static Step fire(
      AlertRule rule,
      RuleState prev,
      MetricSample sample,
      long startedAt,
      long t,
      double value,
      boolean muted) {
    String alertId = alertId(rule.id(), prev.serverId(), startedAt);
    RuleState firing =
        new RuleState(
            rule.id(),
            prev.serverId(),
            Phase.FIRING,
            startedAt,
            alertId,
            muted ? 0 : t,
            t,
            sample.eventId(),
            value);
    Announcement announcement =
        muted
            ? null
            : new Announcement(
                AlertEvent.FIRING,
                rule,
                prev.serverId(),
                sample.ownerId(),
                alertId,
                value,
                sample.occurredAt(),
                Instant.ofEpochMilli(startedAt),
                null);
    return new Step(firing, true, announcement, Step.Transition.STARTED_FIRING);
  }

  private static RuleState inactiveAfter(RuleState prev, MetricSample sample, long t) {
    return new RuleState(
        prev.ruleId(), prev.serverId(), Phase.INACTIVE, 0, null, 0, t, sample.eventId(), 0);
  }
}
