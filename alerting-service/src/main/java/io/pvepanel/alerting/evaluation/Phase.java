package io.pvepanel.alerting.evaluation;

/** Where one (rule, server) pair stands. Resolution returns it to {@link #INACTIVE}. */
public enum Phase {
  INACTIVE,
  PENDING,
  FIRING
}
