package io.pvepanel.runtime.loop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a piece of reactive work periodically while the application context runs: the suite's one
 * way to do background rounds (housekeeping, the outbox relay, mail delivery, collection cycles).
 *
 * <ul>
 *   <li>Declared as a bean, it starts and stops with the context ({@link SmartLifecycle}); {@link
 *       #stop()} cancels a round in progress.
 *   <li>Rounds never overlap: a tick that finds a round running is dropped (and reported to {@link
 *       Builder#onSkippedTick}), so a slow round makes the next wait for the next tick instead of
 *       piling up. A wake-up ({@link Builder#wakeUps}, e.g. "new work was stored") that finds a
 *       round running is kept: another round follows at once.
 *   <li>Ticks come every {@code period}, each wait stretched or shortened at random by up to {@code
 *       jitter} (a fraction of the period), so instances started together drift apart.
 *   <li>A round that fails (or outlasts {@code timeout}) is logged and the loop goes on.
 *   <li>Timers run on the given {@link Scheduler} (default {@link Schedulers#parallel()}); tests
 *       drive the loop on virtual time through {@link #rounds()}.
 * </ul>
 */
public final class PeriodicLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PeriodicLoop.class);
  private static final Object TICK = "tick";
  private static final Object WAKE_UP = "wake-up";

  private final String name;
  private final Duration period;
  private final Duration initialDelay;
  private final double jitter;
  private final Duration timeout;
  private final Publisher<?> wakeUps;
  private final Scheduler scheduler;
  private final DoubleSupplier random;
  private final Supplier<? extends Mono<?>> work;
  private final boolean enabled;
  private final Runnable onSkippedTick;
  private volatile Disposable running;

  private PeriodicLoop(Builder b) {
    this.name = b.name;
    this.period = b.period;
    this.initialDelay = b.initialDelay == null ? b.period : b.initialDelay;
    this.jitter = b.jitter;
    this.timeout = b.timeout;
    this.wakeUps = b.wakeUps;
    this.scheduler = b.scheduler;
    this.random = b.random;
    this.work = b.work;
    this.enabled = b.enabled;
    this.onSkippedTick = b.onSkippedTick;
  }

  /** A loop named {@code name} (for the logs) running {@code work} every {@code period}. */
  public static Builder every(Duration period, String name, Supplier<? extends Mono<?>> work) {
    return new Builder(period, name, work);
  }

  /**
   * The loop itself, for tests: ticks, rounds run one at a time, each emitting once it has ended
   * (failed rounds too). Subscribing to it is what {@link #start()} does.
   */
  public Flux<Long> rounds() {
    Scheduler timers = scheduler != null ? scheduler : Schedulers.parallel();
    AtomicBoolean wokenDuringRound = new AtomicBoolean();
    AtomicLong number = new AtomicLong();
    Flux<Object> ticks =
        Mono.delay(jittered(initialDelay), timers)
            .<Object>thenReturn(TICK)
            .concatWith(
                Flux.defer(() -> Mono.delay(jittered(period), timers)).map(t -> TICK).repeat());
    if (wakeUps != null) {
      ticks = Flux.merge(ticks, Flux.from(wakeUps).map(w -> WAKE_UP));
    }
    return ticks
        .onBackpressureDrop(
            dropped -> {
              if (dropped == WAKE_UP) {
                wokenDuringRound.set(true);
              } else {
                onSkippedTick.run();
              }
            })
        // prefetch 0: the next tick is taken only once the round has ended
        .concatMap(
            tick ->
                Mono.defer(() -> round(timers, number.getAndIncrement()))
                    .repeat(() -> wokenDuringRound.getAndSet(false)),
            0);
  }

  private Mono<Long> round(Scheduler timers, long number) {
    Mono<?> one = Mono.defer(work);
    if (timeout != null) {
      one = one.timeout(timeout, timers);
    }
    return one.then()
        .onErrorResume(
            e -> {
              log.warn(
                  "{} round failed, the loop goes on: {}",
                  name,
                  String.valueOf(NestedExceptionUtils.getMostSpecificCause(e)));
              log.debug("{} round failure", name, e);
              return Mono.empty();
            })
        .thenReturn(number);
  }

  Duration jittered(Duration base) {
    if (jitter == 0 || base.isZero()) {
      return base;
    }
    double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos(Math.max(0, (long) (base.toNanos() * factor)));
  }

  @Override
  public synchronized void start() {
    if (!enabled) {
      log.info("{} disabled", name);
      return;
    }
    if (running == null) {
      running = rounds().subscribe();
    }
  }

  @Override
  public synchronized void stop() {
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    running = null;
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }

  @Override
  public String toString() {
    return "PeriodicLoop[" + name + ", every " + period + "]";
  }

  /** How a {@link PeriodicLoop} runs; only the period, a name and the work are required. */
  public static final class Builder {
    private final Duration period;
    private final String name;
    private final Supplier<? extends Mono<?>> work;
    private Duration initialDelay;
    private double jitter;
    private Duration timeout;
    private Publisher<?> wakeUps;
    private Scheduler scheduler;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private boolean enabled = true;
    private Runnable onSkippedTick = () -> {};

    private Builder(Duration period, String name, Supplier<? extends Mono<?>> work) {
      this.period = Objects.requireNonNull(period, "period");
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive: " + period);
      }
      this.name = Objects.requireNonNull(name, "name");
      this.work = Objects.requireNonNull(work, "work");
    }

    /** The wait before the first round. Default: one period. */
    public Builder initialDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("initial delay must not be negative: " + delay);
      }
      this.initialDelay = delay;
      return this;
    }

    /** Each wait varies at random by up to this fraction of itself (0 to 1). Default 0. */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("jitter must be within [0, 1]: " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /** Bound on one round; a round that outlasts it is cancelled and logged. Default none. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Extra ticks: each element asks for a round at once, or right after the running one ends. */
    public Builder wakeUps(Publisher<?> wakeUps) {
      this.wakeUps = wakeUps;
      return this;
    }

    /** Where the timers run. Default {@link Schedulers#parallel()}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** Whether {@link #start()} starts the loop at all. Default true. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Called for each tick that finds a round still running (and is dropped). Default none. */
    public Builder onSkippedTick(Runnable onSkippedTick) {
      this.onSkippedTick = Objects.requireNonNull(onSkippedTick);
      return this;
    }

    Builder random(DoubleSupplier random) {
      this.random = random;
      return this;
    }

    public PeriodicLoop build() {
      return new PeriodicLoop(this);
    }
  }
}
