package io.pvepanel.runtime.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants in the services' {@code DATETIME(3)} columns: they hold UTC to the millisecond, and the
 * R2DBC driver hands them over as {@link LocalDateTime}. Written values are truncated to the
 * millisecond, so what is read back equals what was written on MariaDB and MySQL alike (MySQL would
 * otherwise round the microseconds).
 */
public final class Times {

  private Times() {}

  /** The column value for {@code instant}; null stays null. */
  public static LocalDateTime toDb(Instant instant) {
    return instant == null
        ? null
        : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  /** The instant a column value stands for; null stays null. */
  public static Instant fromDb(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
