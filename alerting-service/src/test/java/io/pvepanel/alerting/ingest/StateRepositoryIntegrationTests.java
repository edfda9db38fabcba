package io.pvepanel.alerting.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.alerting.evaluation.AlertEngine;
import io.pvepanel.alerting.evaluation.AlertRule;
import io.pvepanel.alerting.evaluation.Announcement;
import io.pvepanel.alerting.evaluation.Metric;
import io.pvepanel.alerting.evaluation.Operator;
import io.pvepanel.alerting.evaluation.Phase;
import io.pvepanel.alerting.evaluation.RuleIndex;
import io.pvepanel.alerting.evaluation.RuleState;
import io.pvepanel.alerting.evaluation.Scope;
import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.MetricSample;
import io.pvepanel.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/** Restart mid-alert through the real state table: persist → reload → continue, no duplicate. */
class StateRepositoryIntegrationTests {

  static TestDatabase database;
  static StateRepository states;
  static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @BeforeAll
  static void database() {
    database = TestDatabase.create("alerting_state");
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.username(), database.password())
        .load()
        .migrate();
    states =
        new StateRepository(
            DatabaseClient.create(
                ConnectionFactories.get(
                    ConnectionFactoryOptions.parse(database.r2dbcUrl())
                        .mutate()
                        .option(ConnectionFactoryOptions.USER, database.username())
                        .option(ConnectionFactoryOptions.PASSWORD, database.password())
                        .build())));
  }

  @AfterAll
  static void drop() {
    database.close();
  }

  private static MetricSample hot(long seconds) {
    return new MetricSample(
        UUID.randomUUID(),
        MetricSample.TYPE,
        1,
        T0.plusSeconds(seconds),
        "srv-r",
        "9",
        "ok",
        "running",
        99.0,
        1L,
        2L,
        50.0,
        1L,
        2L,
        50.0,
        1.0,
        1.0,
        1L);
  }

  @Test
  void restartMidAlertSendsNoDuplicate() {
    AlertRule rule =
        new AlertRule(
            "1",
            "CPU above 90 %",
            Metric.CPU,
            Operator.GT,
            90,
            60_000,
            300_000,
            true,
            null,
            Scope.GLOBAL,
            null,
            null);
    RuleIndex index = RuleIndex.of(List.of(rule));
    List<Announcement> out = new ArrayList<>();
    AlertEngine before = new AlertEngine(index);
    for (long t = 0; t <= 120; t += 10) {
      before.accept(hot(t), out::add);
    }
    assertThat(out).extracting(Announcement::type).containsExactly(AlertEvent.FIRING);

    Flux.fromIterable(before.states()).concatMap(states::save).blockLast(Duration.ofSeconds(10));
    Map<String, RuleState> reloaded = states.load("srv-r").block(Duration.ofSeconds(10));
    assertThat(reloaded.values()).containsExactlyInAnyOrderElementsOf(before.states());
    assertThat(reloaded.get("1").phase()).isEqualTo(Phase.FIRING);

    AlertEngine after = new AlertEngine(index, reloaded.values());
    after.accept(hot(120), out::add); // redelivered after the restart
    for (long t = 130; t < 360; t += 10) {
      after.accept(hot(t), out::add);
    }
    assertThat(out).extracting(Announcement::type).containsExactly(AlertEvent.FIRING);
    after.accept(hot(360), out::add); // fired at 60 s; first repeat due at 360 s
    assertThat(out)
        .extracting(Announcement::type)
        .containsExactly(AlertEvent.FIRING, AlertEvent.REPEAT);
  }
}
