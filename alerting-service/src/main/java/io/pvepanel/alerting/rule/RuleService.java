package io.pvepanel.alerting.rule;

import io.pvepanel.alerting.evaluation.Metric;
import io.pvepanel.alerting.evaluation.Operator;
import io.pvepanel.alerting.evaluation.Scope;
import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.ForbiddenException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rule management with its access rules: everybody sees the global rules and their own; only admins
 * create or change global rules (403 for others); per-server rules only for servers the caller owns
 * (foreign or unknown servers and rules answer 404, the same either way).
 *
 * <p>Against mail bombing ({@link RuleLimits}): at most {@code maxPerUser} rules per owner (409),
 * {@code forSeconds} and {@code repeatIntervalSeconds} not below their minimums (400 naming the
 * field); the name's characters are checked by {@link RuleRequest}.
 */
@Service
@EnableConfigurationProperties(RuleLimits.class)
class RuleService {

  private static final int DEFAULT_FOR_SECONDS = 300;
  private static final int DEFAULT_REPEAT_SECONDS = 3600;

  private final RuleRepository rules;
  private final RuleRegistry registry;
  private final ServerDirectory servers;
  private final TransactionalOperator tx;
  private final Clock clock;
  private final RuleLimits limits;

  RuleService(
      RuleRepository rules,
      RuleRegistry registry,
      ServerDirectory servers,
      ReactiveTransactionManager txManager,
      Clock clock,
      RuleLimits limits) {
    this.limits = limits;
    this.rules = rules;
    this.registry = registry;
    this.servers = servers;
    this.tx = TransactionalOperator.create(txManager);
    this.clock = clock;
  }

  Flux<RuleView> list(CurrentUser user) {
    return rules.findVisible(user.id(), user.admin()).map(RuleView::of);
  }

  Mono<RuleView> get(CurrentUser user, String id) {
    return visible(user, id).map(RuleView::of);
  }

  Mono<RuleView> create(CurrentUser user, RuleRequest request) {
    Values values = values(request);
    checkTiming(request);
    Instant now = clock.instant();
    return target(user, request)
        .flatMap(target -> withinCap(target).thenReturn(target))
        .flatMap(
            target ->
                rules.insert(
                    new RuleRecord(
                        null,
                        request.name().strip(),
                        values.metric(),
                        values.operator(),
                        values.threshold(),
                        orDefault(request.forSeconds(), DEFAULT_FOR_SECONDS),
                        orDefault(request.repeatIntervalSeconds(), DEFAULT_REPEAT_SECONDS),
                        request.sendResolved() == null || request.sendResolved(),
                        request.enabled() == null || request.enabled(),
                        request.muteUntil(),
                        target.scope(),
                        target.ownerId(),
                        target.serverId(),
                        user.id(),
                        now,
                        now)))
        .doOnSuccess(r -> registry.invalidate())
        .map(RuleView::of);
  }

  Mono<RuleView> update(CurrentUser user, String id, RuleRequest request) {
    Values values = values(request);
    checkTiming(request);
    return modifiable(user, id)
        .flatMap(
            existing ->
                target(user, request)
                    .flatMap(
                        target -> {
                          RuleRecord updated =
                              new RuleRecord(
                                  existing.id(),
                                  request.name().strip(),
                                  values.metric(),
                                  values.operator(),
                                  values.threshold(),
                                  orDefault(request.forSeconds(), DEFAULT_FOR_SECONDS),
                                  orDefault(
                                      request.repeatIntervalSeconds(), DEFAULT_REPEAT_SECONDS),
                                  request.sendResolved() == null || request.sendResolved(),
                                  request.enabled() == null || request.enabled(),
                                  request.muteUntil(),
                                  target.scope(),
                                  target.ownerId(),
                                  target.serverId(),
                                  existing.createdBy(),
                                  existing.createdAt(),
                                  clock.instant());
                          Mono<Void> write = rules.update(updated);
                          if (evaluationChanges(existing, updated)) {
                            write =
                                write.then(rules.resetEvaluation(existing.id(), clock.instant()));
                          }
                          return tx.transactional(write).thenReturn(updated);
                        }))
        .doOnSuccess(r -> registry.invalidate())
        .map(RuleView::of);
  }

  Mono<Void> delete(CurrentUser user, String id) {
    return modifiable(user, id)
        .flatMap(
            existing ->
                tx.transactional(
                    rules
                        .delete(existing.id())
                        .then(rules.resetEvaluation(existing.id(), clock.instant()))))
        .doOnSuccess(v -> registry.invalidate());
  }

  /**
   * Refuses a rule that would take its owner past {@link RuleLimits#maxPerUser()}. Global rules
   * (admins only) have no owner and no cap. Checked before the insert, not under a lock: a user's
   * concurrent creates may overshoot by the creates in flight, which the gateway's per-user rate
   * limit bounds.
   */
  private Mono<Void> withinCap(Target target) {
    if (target.ownerId() == null) {
      return Mono.empty();
    }
    return rules
        .countOwnedBy(target.ownerId())
        .flatMap(
            n ->
                n >= limits.maxPerUser()
                    ? Mono.error(
                        new ConflictException(
                            "The limit is "
                                + limits.maxPerUser()
                                + " alert rules per user; delete one to create another."))
                    : Mono.empty());
  }

  /** The minimums of {@code for} and the repeat interval (absent values take safe defaults). */
  private void checkTiming(RuleRequest request) {
    long minFor = limits.minFor().toSeconds();
    if (request.forSeconds() != null && request.forSeconds() < minFor) {
      throw new InvalidFieldException(
          "forSeconds", "forSeconds must be at least " + minFor + " (seconds).");
    }
    long minRepeat = limits.minRepeatInterval().toSeconds();
    if (request.repeatIntervalSeconds() != null && request.repeatIntervalSeconds() < minRepeat) {
      throw new InvalidFieldException(
          "repeatIntervalSeconds",
          "repeatIntervalSeconds must be at least " + minRepeat + " (seconds).");
    }
  }

  /** A rule's evaluation state no longer means anything once it watches something else. */
  private static boolean evaluationChanges(RuleRecord before, RuleRecord after) {
    return !after.enabled()
        || before.metric() != after.metric()
        || before.operator() != after.operator()
        || before.threshold() != after.threshold()
        || before.forSeconds() != after.forSeconds()
        || before.scope() != after.scope()
        || !Objects.equals(before.ownerId(), after.ownerId())
        || !Objects.equals(before.serverId(), after.serverId());
  }

  private Mono<RuleRecord> visible(CurrentUser user, String id) {
    Long numeric = parseId(id);
    if (numeric == null) {
      return Mono.error(notFound());
    }
    return rules
        .findById(numeric)
        .filter(
            r ->
                user.admin() || r.scope() == Scope.GLOBAL || Objects.equals(user.id(), r.ownerId()))
        .switchIfEmpty(Mono.error(notFound()));
  }

  private Mono<RuleRecord> modifiable(CurrentUser user, String id) {
    return visible(user, id)
        .flatMap(
            r ->
                r.scope() == Scope.GLOBAL && !user.admin()
                    ? Mono.error(forbidden())
                    : Mono.just(r));
  }

  private record Target(Scope scope, String ownerId, String serverId) {}

  private Mono<Target> target(CurrentUser user, RuleRequest request) {
    Scope scope = Scope.fromWire(request.scope());
    switch (scope) {
      case GLOBAL -> {
        if (!user.admin()) {
          return Mono.error(forbidden());
        }
        noServer(request);
        return Mono.just(new Target(scope, null, null));
      }
      case USER -> {
        noServer(request);
        return Mono.just(new Target(scope, user.id(), null));
      }
      default -> {
        if (request.serverId() == null || request.serverId().isBlank()) {
          throw new InvalidFieldException("serverId", "serverId is required for scope 'server'.");
        }
        return servers
            .find(request.serverId())
            .filter(info -> user.mayAccess(info.ownerId()))
            .switchIfEmpty(Mono.error(new NotFoundException("Server")))
            .map(info -> new Target(scope, info.ownerId(), info.serverId()));
      }
    }
  }

  private static void noServer(RuleRequest request) {
    if (request.serverId() != null) {
      throw new InvalidFieldException("serverId", "serverId is only allowed with scope 'server'.");
    }
  }

  private record Values(Metric metric, Operator operator, double threshold) {}

  private static Values values(RuleRequest request) {
    Metric metric = Metric.fromWire(request.metric());
    if (metric == Metric.STATUS_DOWN) {
      // the condition is "the guest is down"; operator and threshold are fixed
      return new Values(metric, Operator.GE, 1.0);
    }
    if (request.operator() == null) {
      throw new InvalidFieldException(
          "operator", "operator is required for metric " + metric.wireName() + ".");
    }
    if (request.threshold() == null) {
      throw new InvalidFieldException(
          "threshold", "threshold is required for metric " + metric.wireName() + ".");
    }
    double threshold = request.threshold();
    boolean percent = metric == Metric.CPU || metric == Metric.MEMORY || metric == Metric.DISK;
    if (percent && (threshold < 0 || threshold > 100)) {
      throw new InvalidFieldException(
          "threshold", "threshold is a percentage for metric " + metric.wireName() + ": 0..100.");
    }
    if (!percent && threshold < 0) {
      throw new InvalidFieldException("threshold", "threshold must not be negative (bytes/s).");
    }
    return new Values(metric, Operator.fromSymbol(request.operator()), threshold);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static Long parseId(String id) {
    if (id == null || !id.matches("\\d{1,18}")) {
      return null;
    }
    return Long.parseLong(id);
  }

  private static NotFoundException notFound() {
    return new NotFoundException("Rule");
  }

  private static ForbiddenException forbidden() {
    return new ForbiddenException("Only admins manage global rules.");
  }
}
