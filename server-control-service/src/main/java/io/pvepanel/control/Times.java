package io.pvepanel.control;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** DATETIME(3) columns hold UTC; the driver hands them over as {@link LocalDateTime}. */
public final class Times {

  private Times() {}

  public static LocalDateTime toDb(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public static Instant fromDb(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
