package io.pvepanel.alerting.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.events.AlertEvent;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the state machine over arbitrary sample sequences. */
class AlertEvaluatorPropertyTests {

  @Property(tries = 300)
  void announcementsAreWellFormed(
      @ForAll @Size(max = 200) List<@DoubleRange(min = 0, max = 100) Double> cpu,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 9) Integer> gaps,
      @ForAll @IntRange(min = 0, max = 120) int forSeconds,
      @ForAll @IntRange(min = 60, max = 600) int repeatSeconds) {
    AlertRule rule = Samples.cpuRule("1", forSeconds, repeatSeconds, true);
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(rule)));
    List<Announcement> out = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < cpu.size(); i++) {
      t += 10;
      boolean gap = i < gaps.size() && gaps.get(i) == 0;
      engine.accept(
          gap ? Samples.noData("s", "u", t, "no-data") : Samples.cpu("s", "u", t, cpu.get(i)),
          out::add);
    }
    String open = null;
    long lastAnnounced = Long.MIN_VALUE;
    for (Announcement a : out) {
      long at = a.at().toEpochMilli();
      switch (a.type()) {
        case AlertEvent.FIRING -> {
          assertThat(open).as("firing while another episode is open").isNull();
          assertThat(a.value()).isGreaterThan(90);
          assertThat(at - a.startsAt().toEpochMilli()).isGreaterThanOrEqualTo(forSeconds * 1000L);
          open = a.alertId();
          lastAnnounced = at;
        }
        case AlertEvent.REPEAT -> {
          assertThat(a.alertId()).isEqualTo(open);
          assertThat(at - lastAnnounced).isGreaterThanOrEqualTo(repeatSeconds * 1000L);
          lastAnnounced = at;
        }
        case AlertEvent.RESOLVED -> {
          assertThat(a.alertId()).isEqualTo(open);
          assertThat(a.value()).isLessThanOrEqualTo(90);
          open = null;
        }
        default -> throw new AssertionError(a.type());
      }
    }
  }
}
