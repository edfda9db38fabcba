package io.pvepanel.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The loop on virtual time: periods, no overlap, errors, jitter, wake-ups, start and stop. */
class PeriodicLoopTests {

  private static final Duration BOUND = Duration.ofSeconds(5);

  @Test
  void runsOncePerPeriodAfterTheInitialDelay() {
    AtomicInteger runs = new AtomicInteger();
    PeriodicLoop loop =
        PeriodicLoop.every(
                Duration.ofMinutes(1), "test", () -> Mono.fromRunnable(runs::incrementAndGet))
            .initialDelay(Duration.ofSeconds(10))
            .build();

    StepVerifier.withVirtualTime(loop::rounds)
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(10))
        .expectNext(0L)
        .expectNoEvent(Duration.ofMinutes(1).minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(1L)
        .thenAwait(Duration.ofMinutes(1))
        .expectNext(2L)
        .thenCancel()
        .verify(BOUND);
    assertThat(runs).hasValue(3);
  }

  @Test
  void aRoundThatFailsIsLoggedAndTheLoopGoesOn() {
    AtomicInteger runs = new AtomicInteger();
    PeriodicLoop loop =
        PeriodicLoop.every(
                Duration.ofSeconds(1),
                "failing",
                () ->
                    runs.incrementAndGet() == 1
                        ? Mono.error(new IllegalStateException("boom"))
                        : Mono.empty())
            .build();

    StepVerifier.withVirtualTime(loop::rounds)
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(0L)
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(1L)
        .thenCancel()
        .verify(BOUND);
    assertThat(runs).hasValue(2);
  }

  @Test
  void aWorkSupplierThatThrowsDoesNotEndTheLoop() {
    AtomicInteger runs = new AtomicInteger();
    PeriodicLoop loop =
        PeriodicLoop.every(
                Duration.ofSeconds(1),
                "throwing",
                () -> {
                  if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("boom");
                  }
                  return Mono.empty();
                })
            .build();

    StepVerifier.withVirtualTime(loop::rounds)
        .thenAwait(Duration.ofSeconds(2))
        .expectNext(0L, 1L)
        .thenCancel()
        .verify(BOUND);
  }

  @Test
  void roundsNeverOverlapAndTicksDuringARoundAreSkipped() {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    // each round takes 3.5 periods
    PeriodicLoop loop =
        PeriodicLoop.every(
                Duration.ofSeconds(1),
                "slow",
                () ->
                    Mono.defer(
                            () -> {
                              runs.incrementAndGet();
                              maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                              return Mono.delay(Duration.ofMillis(3500));
                            })
                        .doOnTerminate(active::decrementAndGet))
            .onSkippedTick(skipped::incrementAndGet)
            .build();

    StepVerifier.withVirtualTime(loop::rounds)
        .thenAwait(Duration.ofSeconds(1))
        .expectNoEvent(Duration.ofMillis(3499))
        .thenAwait(Duration.ofMillis(1))
        // the first round ends at 4.5 s; the ticks of 2, 3 and 4 s were skipped
        .expectNext(0L)
        .then(() -> assertThat(skipped).hasValue(3))
        .expectNoEvent(Duration.ofMillis(3999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(1L) // the second round: from the tick of 5 s to 8.5 s
        .thenCancel()
        .verify(BOUND);
    assertThat(maxActive).hasValue(1);
    assertThat(runs).hasValue(2);
  }

  @Test
  void aRoundThatOutlastsItsTimeoutIsCancelled() {
    AtomicInteger runs = new AtomicInteger();
    PeriodicLoop loop =
        PeriodicLoop.every(
                Duration.ofSeconds(10),
                "hanging",
                () -> runs.incrementAndGet() == 1 ? Mono.never() : Mono.empty())
            .timeout(Duration.ofSeconds(2))
            .build();

    StepVerifier.withVirtualTime(loop::rounds)
        .thenAwait(Duration.ofSeconds(10))
        .expectNoEvent(Duration.ofMillis(1999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(0L)
        .thenAwait(Duration.ofSeconds(8))
        .expectNext(1L)
        .thenCancel()
        .verify(BOUND);
  }

  @Test
  void jitterStretchesOrShortensEachWaitWithinItsBound() {
    PeriodicLoop longest =
        PeriodicLoop.every(Duration.ofSeconds(10), "j", Mono::empty)
            .jitter(0.2)
            .random(() -> 1.0)
            .build();
    PeriodicLoop shortest =
        PeriodicLoop.every(Duration.ofSeconds(10), "j", Mono::empty)
            .jitter(0.2)
            .random(() -> 0.0)
            .build();
    assertThat(longest.jittered(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(12));
    assertThat(shortest.jittered(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(8));

    StepVerifier.withVirtualTime(shortest::rounds)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(7999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(0L)
        .thenAwait(Duration.ofSeconds(8))
        .expectNext(1L)
        .thenCancel()
        .verify(BOUND);
    assertThatThrownBy(() -> PeriodicLoop.every(Duration.ofSeconds(1), "j", Mono::empty).jitter(2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWakeUpRunsARoundBeforeTheNextTickOrRightAfterTheRunningOne() {
    Sinks.Many<Object> wake = Sinks.many().multicast().directBestEffort();
    AtomicInteger runs = new AtomicInteger();
    PeriodicLoop loop =
        PeriodicLoop.every(
                Duration.ofMinutes(1),
                "woken",
                // the first round asks for another one while it runs, as a full batch does
                () ->
                    Mono.delay(Duration.ofSeconds(1))
                        .doOnNext(
                            t -> {
                              if (runs.incrementAndGet() == 1) {
                                wake.tryEmitNext(2);
                              }
                            }))
            .wakeUps(wake.asFlux())
            .build();

    StepVerifier.withVirtualTime(loop::rounds)
        .expectSubscription()
        .then(() -> wake.tryEmitNext(1))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(0L)
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(1L) // the wake-up sent during the first round
        .expectNoEvent(Duration.ofSeconds(57))
        .thenAwait(Duration.ofSeconds(2))
        .expectNext(2L) // the tick of 60 s, a round of 1 s
        .thenCancel()
        .verify(BOUND);
    assertThat(runs).hasValue(3);
  }

  @Test
  void startsAndStopsAsALifecycle() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    AtomicInteger runs = new AtomicInteger();
    PeriodicLoop loop =
        PeriodicLoop.every(
                Duration.ofSeconds(1), "lifecycle", () -> Mono.fromRunnable(runs::incrementAndGet))
            .initialDelay(Duration.ZERO)
            .scheduler(time)
            .build();

    loop.start();
    assertThat(loop.isRunning()).isTrue();
    time.advanceTimeBy(Duration.ofSeconds(2));
    assertThat(runs).hasValue(3);
    loop.stop();
    assertThat(loop.isRunning()).isFalse();
    time.advanceTimeBy(Duration.ofSeconds(5));
    assertThat(runs).hasValue(3);

    PeriodicLoop disabled =
        PeriodicLoop.every(Duration.ofSeconds(1), "off", Mono::empty)
            .scheduler(time)
            .enabled(false)
            .build();
    disabled.start();
    assertThat(disabled.isRunning()).isFalse();
  }
}
