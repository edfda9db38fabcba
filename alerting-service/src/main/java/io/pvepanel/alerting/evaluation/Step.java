package io.pvepanel.alerting.evaluation;

/**
 * The result of applying one sample to one (rule, server) pair.
 *
 * @param state the state after the sample (the same instance when nothing changed)
 * @param changed whether {@code state} must be persisted
 * @param announcement what to announce, or null
 * @param transition what happened to the alert episode: opened, closed or nothing
 */
public record Step(
    RuleState state, boolean changed, Announcement announcement, Transition transition) {

  /** Alert episode changes, for the alert history. */
  public enum Transition {
    NONE,
    STARTED_FIRING,
    RESOLVED
  }

  static Step unchanged(RuleState state) {
    return new Step(state, false, null, Transition.NONE);
  }
}
