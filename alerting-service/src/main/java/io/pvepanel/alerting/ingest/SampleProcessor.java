package io.pvepanel.alerting.ingest;

import io.pvepanel.alerting.alert.AlertRepository;
import io.pvepanel.alerting.evaluation.AlertEvaluator;
import io.pvepanel.alerting.evaluation.AlertRule;
import io.pvepanel.alerting.evaluation.Announcement;
import io.pvepanel.alerting.evaluation.Metric;
import io.pvepanel.alerting.evaluation.RuleState;
import io.pvepanel.alerting.evaluation.Step;
import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.alerting.rule.RuleRegistry;
import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies one sample: learns the server's owner, skips a server the provider suspended, evaluates
 * the rules that apply to the server against their persisted states, and writes the changed states,
 * the alert history and the outgoing {@link AlertEvent}s (outbox) in one transaction. Nothing is
 * written when nothing changed, so the common case costs one indexed read.
 */
@Service
class SampleProcessor {

  private final RuleRegistry registry;
  private final StateRepository states;
  private final AlertRepository alerts;
  private final Outbox outbox;
  private final ServerDirectory servers;
  private final TransactionalOperator tx;
  private final Clock clock;

  SampleProcessor(
      RuleRegistry registry,
      StateRepository states,
      AlertRepository alerts,
      Outbox outbox,
      ServerDirectory servers,
      ReactiveTransactionManager txManager,
      Clock clock) {
    this.registry = registry;
    this.states = states;
    this.alerts = alerts;
    this.outbox = outbox;
    this.servers = servers;
    this.tx = TransactionalOperator.create(txManager);
    this.clock = clock;
  }

  Mono<Void> process(MetricSample sample) {
    return servers
        .rememberOwner(sample.serverId(), sample.ownerId())
        // a server the provider suspended raises nothing: its guest is stopped on purpose
        .then(servers.suspended(sample.serverId()))
        .filter(suspended -> !suspended)
        .flatMap(notSuspended -> registry.index())
        .flatMap(
            index -> {
              List<AlertRule> rules = index.rulesFor(sample.serverId(), sample.ownerId());
              if (rules.isEmpty()) {
                return Mono.empty();
              }
              return states.load(sample.serverId()).flatMap(known -> apply(rules, known, sample));
            });
  }

  private Mono<Void> apply(
      List<AlertRule> rules, Map<String, RuleState> known, MetricSample sample) {
    List<Step> changed = new ArrayList<>();
    List<AlertRule> changedRules = new ArrayList<>();
    List<RuleState> before = new ArrayList<>();
    for (AlertRule rule : rules) {
      RuleState previous = known.get(rule.id());
      Step step = AlertEvaluator.step(rule, previous, sample);
      if (step.changed()) {
        changed.add(step);
        changedRules.add(rule);
        before.add(previous);
      }
    }
    if (changed.isEmpty()) {
      return Mono.empty();
    }
    Flux<Void> writes =
        Flux.range(0, changed.size())
            .concatMap(i -> persist(changedRules.get(i), before.get(i), changed.get(i), sample));
    return tx.transactional(writes.then());
  }

  private Mono<Void> persist(AlertRule rule, RuleState previous, Step step, MetricSample sample) {
    Instant now = clock.instant();
    RuleState state = step.state();
    Mono<Void> work = states.save(state);
    Announcement a = step.announcement();
    switch (step.transition()) {
      case STARTED_FIRING ->
          work =
              work.then(
                  alerts.opened(
                      state.alertId(),
                      rule,
                      state.serverId(),
                      sample.ownerId(),
                      state.lastValue(),
                      Instant.ofEpochMilli(state.activeSince()),
                      now));
      case RESOLVED ->
          work =
              work.then(
                  alerts.resolved(
                      previous.alertId(), rule.metric().read(sample), sample.occurredAt()));
      case NONE -> {
        if (a != null) {
          work = work.then(alerts.observed(a.alertId(), a.value(), now));
        }
      }
    }
    if (a != null) {
      work = work.then(announce(a));
    }
    return work;
  }

  private Mono<Void> announce(Announcement a) {
    return servers
        .find(a.serverId())
        .map(info -> new String[] {info.ownerEmail(), info.name()})
        .defaultIfEmpty(new String[] {null, null})
        .flatMap(
            extra ->
                outbox.append(
                    Topics.ALERT_EVENTS,
                    new AlertEvent(
                        eventId(a),
                        a.type(),
                        AlertEvent.VERSION,
                        a.at(),
                        a.serverId(),
                        a.ownerId(),
                        extra[0],
                        extra[1],
                        a.alertId(),
                        a.rule().id(),
                        a.rule().name(),
                        a.rule().metric().wireName(),
                        a.rule().operator().symbol(),
                        a.rule().threshold(),
                        a.rule().metric() == Metric.STATUS_DOWN || !Double.isNaN(a.value())
                            ? a.value()
                            : null,
                        a.startsAt(),
                        a.endsAt())));
  }

  /** Deterministic, so re-processing the same sample yields the same event id. */
  static UUID eventId(Announcement a) {
    return UUID.nameUUIDFromBytes(
        (a.alertId() + '\u0000' + a.type() + '\u0000' + a.at().toEpochMilli())
            .getBytes(StandardCharsets.UTF_8));
  }
}
