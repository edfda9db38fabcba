package io.pvepanel.proxmox.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The configured clock plus an adjustable offset, so the admin API can move time forward. */
final class SimClock extends Clock {

  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  SimClock(Clock base) {
    this.base = base;
  }

  void advance(Duration d) {
    offset = offset.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return base.withZone(zone);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }
}
