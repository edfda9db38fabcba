package io.pvepanel.runtime.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.testsupport.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TimesTests {

  @Test
  void instantsMapToUtcDatetimeToTheMillisecond() {
    Instant at = Instant.parse("2026-03-01T12:34:56.789654321Z");
    assertThat(Times.toDb(at)).isEqualTo(LocalDateTime.parse("2026-03-01T12:34:56.789"));
    assertThat(Times.fromDb(Times.toDb(at))).isEqualTo(Instant.parse("2026-03-01T12:34:56.789Z"));
    assertThat(Times.toDb(null)).isNull();
    assertThat(Times.fromDb(null)).isNull();
  }

  private final ApplicationContextRunner contexts =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ClockAutoConfiguration.class));

  @Test
  void theClockIsUtcSystemTimeUnlessTheContextDeclaresOne() {
    contexts.run(c -> assertThat(c.getBean(Clock.class)).isEqualTo(Clock.systemUTC()));
    MutableClock mine = new MutableClock();
    contexts
        .withBean(Clock.class, () -> mine)
        .run(c -> assertThat(c.getBean(Clock.class)).isSameAs(mine));
  }
}
