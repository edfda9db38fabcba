package io.pvepanel.notification.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.pvepanel.notification.mail.MailSender;
import io.pvepanel.notification.mail.OutgoingMail;
import io.pvepanel.notification.mail.SendOutcome;
import io.pvepanel.notification.mail.SmtpFailures;
import io.pvepanel.runtime.loop.PeriodicLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Attempts due deliveries: polls the table (and is woken when a delivery is stored), claims up to
 * {@code batchSize} due rows, sends up to {@code concurrency} at once and records the outcome:
 *
 * <ul>
 *   <li>250 after DATA → {@code sent};
 *   <li>5xx → {@code failed}, never retried;
 *   <li>4xx, dropped connection, timeout → retried after an exponential back-off, until the
 *       delivery's deadline, then {@code expired}.
 * </ul>
 *
 * <p>Before an attempt the recipient's mail budget ({@link RecipientBudget}) is taken; when it is
 * spent the delivery is {@code deferred} until the recipient's window ends, and sent then. A round
 * handles one recipient's rows one after another, oldest first, so deferred mails go out in order.
 *
 * <p>The rounds run as the {@code deliveryLoop} ({@link PeriodicLoop}: every {@code poll-interval},
 * at once on start and when woken; rounds never overlap); a full batch starts the next round at
 * once. {@code notification.delivery.enabled=false} keeps the loop from starting.
 */
@Component
class DeliveryWorker {

  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  private final DeliveryStore store;
  private final MailSender sender;
  private final DeliveryProperties properties;
  private final Clock clock;
  private final Wakeup wakeup;
  private final MeterRegistry meters;
  private final RecipientBudget budget;

  DeliveryWorker(
      DeliveryStore store,
      MailSender sender,
      DeliveryProperties properties,
      Clock clock,
      Wakeup wakeup,
      MeterRegistry meters,
      RecipientBudget budget) {
    this.budget = budget;
    this.store = store;
    this.sender = sender;
    this.properties = properties;
    this.clock = clock;
    this.wakeup = wakeup;
    this.meters = meters;
  }

  /** What the loop runs: a round, and at once another one after a full batch. */
  Mono<Integer> roundAndWake() {
    return round()
        .doOnNext(
            claimed -> {
              if (claimed >= properties.batchSize()) {
                wakeup.signal();
              }
            });
  }

  /** One round: the due rows, claimed and attempted; completes with how many were due. */
  Mono<Integer> round() {
    Instant now = clock.instant();
    return store
        .findDue(now, properties.batchSize())
        .collectList()
        .flatMap(
            due -> {
              // one recipient's rows in order, different recipients in parallel
              Map<String, List<Delivery>> byRecipient = new LinkedHashMap<>();
              due.forEach(
                  d -> byRecipient.computeIfAbsent(d.recipient(), r -> new ArrayList<>()).add(d));
              return Flux.fromIterable(byRecipient.values())
                  .flatMap(
                      rows -> Flux.fromIterable(rows).concatMap(d -> claimAndAttempt(d, now)),
                      properties.concurrency())
                  .then(Mono.just(due.size()));
            })
        .onErrorResume(
            e -> {
              log.warn("Delivery round failed: {}", e.toString());
              log.debug("Delivery round failure", e);
              return Mono.just(0);
            });
  }

  private Mono<Void> claimAndAttempt(Delivery d, Instant now) {
    int attempt = d.attempts() + 1;
    return store
        .claim(d, now, now.plus(properties.lease()))
        .filter(won -> won)
        .flatMap(won -> budget.take(d.recipient(), clock.instant()))
        .flatMap(
            wait -> {
              if (wait.isEmpty()) {
                return attempt(d, attempt);
              }
              meters.counter("notification.delivery.deferred").increment();
              log.debug("Delivery {} to {} deferred until {}", d.id(), d.recipient(), wait.get());
              return store.defer(d.id(), attempt, wait.get(), budget.reason());
            });
  }

  private Mono<Void> attempt(Delivery d, int attempt) {
    OutgoingMail mail =
        new OutgoingMail(
            d.recipient(),
            d.subject(),
            d.textBody(),
            d.htmlBody(),
            "delivery-" + d.id() + "." + d.eventId() + "@pvepanel");
    return sender.send(mail).flatMap(outcome -> record(d, attempt, outcome));
  }

  private Mono<Void> record(Delivery d, int attempt, SendOutcome outcome) {
    Instant now = clock.instant();
    meters.counter("notification.delivery.attempts", "outcome", outcomeName(outcome)).increment();
    if (outcome instanceof SendOutcome.Sent) {
      log.debug("Delivery {} sent to {} (attempt {})", d.id(), d.recipient(), attempt);
      return store.markSent(d.id(), now);
    }
    if (outcome instanceof SendOutcome.Permanent p) {
      log.info(
          "Delivery {} to {} failed permanently: {} {}",
          d.id(),
          d.recipient(),
          p.replyCode(),
          p.message());
      // the server's reply stays in this log; the delivery log shows a fixed text (customers)
      return store.markFinal(
          d.id(), attempt, Delivery.FAILED, p.replyCode(), SmtpFailures.customerText(p));
    }
    Instant next = now.plus(properties.backoffAfter(attempt));
    if (!now.isBefore(d.deadlineAt())) {
      log.info(
          "Delivery {} to {} expired after {} attempts: {}",
          d.id(),
          d.recipient(),
          attempt,
          outcome.message());
      return store.markFinal(
          d.id(),
          attempt,
          Delivery.EXPIRED,
          outcome.replyCode(),
          "gave up at the deadline; last error: " + SmtpFailures.customerText(outcome));
    }
    if (next.isAfter(d.deadlineAt())) {
      next = d.deadlineAt();
    }
    log.info(
        "Delivery {} to {} deferred until {}: {}", d.id(), d.recipient(), next, outcome.message());
    return store.reschedule(
        d.id(), attempt, next, outcome.replyCode(), SmtpFailures.customerText(outcome));
  }

  private static String outcomeName(SendOutcome o) {
    if (o instanceof SendOutcome.Sent) {
      return "sent";
    }
    return o instanceof SendOutcome.Permanent ? "permanent" : "transient";
  }

  @Configuration(proxyBeanMethods = false)
  static class Loop {

    @Bean
    PeriodicLoop deliveryLoop(DeliveryWorker worker, DeliveryProperties properties, Wakeup wakeup) {
      return PeriodicLoop.every(properties.pollInterval(), "Delivery worker", worker::roundAndWake)
          .initialDelay(Duration.ZERO)
          .jitter(0.1)
          .wakeUps(wakeup.signals())
          .enabled(properties.enabled())
          .build();
    }
  }

  /** Wakes the worker before its next poll, e.g. when a delivery was stored. */
  @Component
  static class Wakeup {
    private final Sinks.Many<Long> sink = Sinks.many().multicast().directBestEffort();

    /** Best effort: a signal lost to contention is covered by the next poll. */
    void signal() {
      sink.tryEmitNext(0L);
    }

    Flux<Long> signals() {
      return sink.asFlux();
    }
  }
}
