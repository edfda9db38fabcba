package io.pvepanel.alerting.evaluation;

import static io.pvepanel.alerting.evaluation.Samples.at;
import static io.pvepanel.alerting.evaluation.Samples.cpu;
import static io.pvepanel.alerting.evaluation.Samples.cpuRule;
import static io.pvepanel.alerting.evaluation.Samples.noData;
import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.MetricSample;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Timelines in the style of Alertmanager's acceptance tests: samples at explicit times, the
 * announcements counted.
 */
class AlertTimelineTests {

  private static final String S = "srv-1";
  private static final String OWNER = "7";

  private static List<Announcement> run(AlertEngine engine, List<MetricSample> samples) {
    List<Announcement> out = new ArrayList<>();
    samples.forEach(s -> engine.accept(s, out::add));
    return out;
  }

  private static List<String> types(List<Announcement> announcements) {
    return announcements.stream().map(Announcement::type).toList();
  }

  @Test
  void seededCpuDefaultFiresOnNinetyFivePercent() {
    // the old system compared a fraction (0.95) with 90 and never fired
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 300, 3600, true))));
    List<Announcement> out =
        run(engine, List.of(cpu(S, OWNER, 0, 95), cpu(S, OWNER, 150, 95), cpu(S, OWNER, 300, 95)));
    assertThat(types(out)).containsExactly(AlertEvent.FIRING);
    Announcement firing = out.get(0);
    assertThat(firing.value()).isEqualTo(95.0);
    assertThat(firing.rule().threshold()).isEqualTo(90.0);
    assertThat(firing.ownerId()).isEqualTo(OWNER);
    assertThat(firing.startsAt()).isEqualTo(at(0));
    assertThat(firing.at()).isEqualTo(at(300));
  }

  @Test
  void firesOnlyAfterForHasElapsed() {
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 60, 3600, true))));
    List<Announcement> out = new ArrayList<>();
    for (int t = 0; t < 60; t += 10) {
      engine.accept(cpu(S, OWNER, t, 99), out::add);
    }
    assertThat(out).as("pending for 50 s").isEmpty();
    engine.accept(cpu(S, OWNER, 60, 99), out::add);
    assertThat(types(out)).containsExactly(AlertEvent.FIRING);
  }

  @Test
  void oneAnnouncementPerRepeatIntervalOverTenMinutesOfHotSamples() {
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 0, 300, true))));
    List<MetricSample> samples = new ArrayList<>();
    for (int t = 0; t < 600; t += 10) {
      samples.add(cpu(S, OWNER, t, 97));
    }
    List<Announcement> out = run(engine, samples);
    assertThat(types(out)).containsExactly(AlertEvent.FIRING, AlertEvent.REPEAT);
    assertThat(out.get(1).at()).isEqualTo(at(300));
    assertThat(out.get(1).alertId()).isEqualTo(out.get(0).alertId());
  }

  @Test
  void flappingFasterThanForSendsNothing() {
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 60, 300, true))));
    List<MetricSample> samples = new ArrayList<>();
    for (int t = 0; t < 1800; t += 10) {
      samples.add(cpu(S, OWNER, t, (t / 10) % 4 < 2 ? 99 : 10)); // 20 s above, 20 s below
    }
    assertThat(run(engine, samples)).isEmpty();
  }

  @Test
  void resolvedIsAnnouncedWhenTheRuleAsksForIt() {
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 0, 300, true))));
    List<Announcement> out =
        run(engine, List.of(cpu(S, OWNER, 0, 99), cpu(S, OWNER, 10, 99), cpu(S, OWNER, 20, 40)));
    assertThat(types(out)).containsExactly(AlertEvent.FIRING, AlertEvent.RESOLVED);
    Announcement resolved = out.get(1);
    assertThat(resolved.value()).isEqualTo(40.0);
    assertThat(resolved.startsAt()).isEqualTo(at(0));
    assertThat(resolved.endsAt()).isEqualTo(at(20));
    assertThat(resolved.alertId()).isEqualTo(out.get(0).alertId());
  }

  @Test
  void resolvedIsNotAnnouncedWhenSendResolvedIsOff() {
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 0, 300, false))));
    List<Announcement> out =
        run(engine, List.of(cpu(S, OWNER, 0, 99), cpu(S, OWNER, 20, 40), cpu(S, OWNER, 30, 99)));
    assertThat(types(out)).containsExactly(AlertEvent.FIRING, AlertEvent.FIRING);
    assertThat(out.get(1).alertId()).as("a new episode").isNotEqualTo(out.get(0).alertId());
  }

  @Test
  void noDataNeitherFiresNorResolves() {
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 0, 300, true))));
    assertThat(
            run(engine, List.of(noData(S, OWNER, 0, "no-data"), noData(S, OWNER, 10, "unknown"))))
        .isEmpty();
    List<Announcement> out = new ArrayList<>();
    engine.accept(cpu(S, OWNER, 20, 99), out::add);
    // firing; now a long gap of no-data and unknown samples: no resolution, no repeat
    for (int t = 30; t < 1200; t += 10) {
      engine.accept(noData(S, OWNER, t, t % 20 == 0 ? "no-data" : "unknown"), out::add);
    }
    assertThat(types(out)).containsExactly(AlertEvent.FIRING);
    assertThat(engine.states())
        .singleElement()
        .extracting(RuleState::phase)
        .isEqualTo(Phase.FIRING);
    // only a real sample below the threshold resolves
    engine.accept(cpu(S, OWNER, 1200, 5), out::add);
    assertThat(types(out)).containsExactly(AlertEvent.FIRING, AlertEvent.RESOLVED);
  }

  @Test
  void noDataWhilePendingNeverFires() {
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(cpuRule("1", 60, 300, true))));
    List<Announcement> out = new ArrayList<>();
    engine.accept(cpu(S, OWNER, 0, 99), out::add);
    for (int t = 10; t <= 600; t += 10) {
      engine.accept(noData(S, OWNER, t, "no-data"), out::add);
    }
    assertThat(out).isEmpty();
    assertThat(engine.states())
        .singleElement()
        .extracting(RuleState::phase)
        .isEqualTo(Phase.PENDING);
  }

  @Test
  void muteSuppressesAnnouncementsNotState() {
    AlertRule muted =
        new AlertRule(
            "1",
            "cpu",
            Metric.CPU,
            Operator.GT,
            90,
            0,
            300_000,
            true,
            at(100),
            Scope.GLOBAL,
            null,
            null);
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(muted)));
    List<Announcement> out = new ArrayList<>();
    for (int t = 0; t < 100; t += 10) {
      engine.accept(cpu(S, OWNER, t, 99), out::add);
    }
    assertThat(out).isEmpty();
    assertThat(engine.states())
        .singleElement()
        .extracting(RuleState::phase)
        .isEqualTo(Phase.FIRING);
    engine.accept(cpu(S, OWNER, 100, 99), out::add); // mute over: announced once, as firing
    engine.accept(cpu(S, OWNER, 110, 99), out::add);
    assertThat(types(out)).containsExactly(AlertEvent.FIRING);
    assertThat(out.get(0).startsAt()).as("the episode started while muted").isEqualTo(at(0));
  }

  @Test
  void resolutionWhileMutedIsNotAnnounced() {
    AlertRule rule =
        new AlertRule(
            "1",
            "cpu",
            Metric.CPU,
            Operator.GT,
            90,
            0,
            300_000,
            true,
            at(1000),
            Scope.GLOBAL,
            null,
            null);
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(rule)));
    assertThat(run(engine, List.of(cpu(S, OWNER, 0, 99), cpu(S, OWNER, 10, 1)))).isEmpty();
  }

  @Test
  void restartMidAlertSendsNoDuplicate() {
    AlertRule rule = cpuRule("1", 0, 300, true);
    AlertEngine first = new AlertEngine(RuleIndex.of(List.of(rule)));
    List<Announcement> out = new ArrayList<>();
    for (int t = 0; t <= 120; t += 10) {
      first.accept(cpu(S, OWNER, t, 99), out::add);
    }
    // persist → reload (records are values; the service stores exactly these fields)
    List<RuleState> persisted = List.copyOf(first.states());
    AlertEngine second = new AlertEngine(RuleIndex.of(List.of(rule)), persisted);
    // the last sample is redelivered after the restart, then the stream continues
    second.accept(cpu(S, OWNER, 120, 99), out::add);
    for (int t = 130; t < 300; t += 10) {
      second.accept(cpu(S, OWNER, t, 99), out::add);
    }
    assertThat(types(out)).containsExactly(AlertEvent.FIRING);
    second.accept(cpu(S, OWNER, 300, 99), out::add);
    assertThat(types(out)).containsExactly(AlertEvent.FIRING, AlertEvent.REPEAT);
  }

  @Test
  void redeliveredOrOlderSamplesChangeNothing() {
    AlertRule rule = cpuRule("1", 0, 300, true);
    RuleState start = null;
    MetricSample hot = cpu(S, OWNER, 100, 99);
    Step fired = AlertEvaluator.step(rule, start, hot);
    assertThat(fired.announcement()).isNotNull();
    Step again = AlertEvaluator.step(rule, fired.state(), hot);
    assertThat(again.changed()).isFalse();
    assertThat(again.announcement()).isNull();
    Step older = AlertEvaluator.step(rule, fired.state(), cpu(S, OWNER, 50, 1));
    assertThat(older.changed()).isFalse();
    assertThat(older.announcement()).isNull();
  }

  @Test
  void statusDownFiresOnStoppedGuestsAndOnUnknownButNotOnNoData() {
    AlertRule down =
        new AlertRule(
            "5",
            "down",
            Metric.STATUS_DOWN,
            Operator.GE,
            1,
            60_000,
            3_600_000,
            true,
            null,
            Scope.SERVER,
            OWNER,
            S);
    AlertEngine engine = new AlertEngine(RuleIndex.of(List.of(down)));
    List<Announcement> out = new ArrayList<>();
    engine.accept(Samples.ok(S, OWNER, 0, "stopped", 0), out::add);
    engine.accept(noData(S, OWNER, 30, "no-data"), out::add);
    assertThat(out).isEmpty();
    engine.accept(noData(S, OWNER, 60, "unknown"), out::add);
    assertThat(types(out)).containsExactly(AlertEvent.FIRING);
    assertThat(out.get(0).value()).isEqualTo(1.0);
    engine.accept(Samples.ok(S, OWNER, 70, "running", 3), out::add);
    assertThat(types(out)).containsExactly(AlertEvent.FIRING, AlertEvent.RESOLVED);
  }

  @Test
  void indexOnlyAppliesRulesOfTheSampleServerAndOwner() {
    AlertRule global = cpuRule("1", 0, 300, true);
    AlertRule mine =
        new AlertRule(
            "2",
            "mine",
            Metric.MEMORY,
            Operator.GT,
            40,
            0,
            300_000,
            true,
            null,
            Scope.USER,
            OWNER,
            null);
    AlertRule other =
        new AlertRule(
            "3",
            "other",
            Metric.MEMORY,
            Operator.GT,
            40,
            0,
            300_000,
            true,
            null,
            Scope.USER,
            "8",
            null);
    AlertRule server =
        new AlertRule(
            "4",
            "srv",
            Metric.DISK,
            Operator.GE,
            10,
            0,
            300_000,
            true,
            null,
            Scope.SERVER,
            OWNER,
            S);
    RuleIndex index = RuleIndex.of(List.of(global, mine, other, server));
    assertThat(index.rulesFor(S, OWNER)).containsExactlyInAnyOrder(global, mine, server);
    assertThat(index.rulesFor("srv-2", "8")).containsExactlyInAnyOrder(global, other);
    assertThat(index.rulesFor("srv-3", null)).containsExactly(global);
    // memory 50 % > 40 and disk 10 % >= 10 fire for S; the other user's rule does not apply
    AlertEngine engine = new AlertEngine(index);
    List<Announcement> out = engine.accept(cpu(S, OWNER, 0, 10));
    assertThat(out).extracting(a -> a.rule().id()).containsExactlyInAnyOrder("2", "4");
  }

  @Test
  void nullFiguresWithDataOkAreNoData() {
    AlertRule net =
        new AlertRule(
            "6",
            "net",
            Metric.NET_IN,
            Operator.GT,
            0,
            0,
            300_000,
            true,
            null,
            Scope.GLOBAL,
            null,
            null);
    MetricSample first =
        new MetricSample(
            UUID.randomUUID(),
            MetricSample.TYPE,
            1,
            at(0),
            S,
            OWNER,
            "ok",
            "running",
            1.0,
            1L,
            2L,
            50.0,
            null,
            null,
            null,
            null,
            null,
            1L);
    assertThat(AlertEvaluator.step(net, null, first).changed()).isFalse();
  }
}
