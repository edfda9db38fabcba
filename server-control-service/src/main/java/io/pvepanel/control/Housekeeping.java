package io.pvepanel.control;

import io.pvepanel.control.console.ConsoleSessions;
import io.pvepanel.control.operation.OperationService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every minute: takes over operations an instance that died left without a task to follow (they
 * would hold their servers), and drops console sessions that can no longer be redeemed (the outbox
 * purges itself).
 */
@Component
class Housekeeping implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  private static final Duration PERIOD = Duration.ofMinutes(1);

  private final OperationService operations;
  private final ConsoleSessions consoles;
  private volatile Disposable loop;

  Housekeeping(OperationService operations, ConsoleSessions consoles) {
    this.operations = operations;
    this.consoles = consoles;
  }

  @Override
  public void start() {
    loop =
        Flux.interval(PERIOD, PERIOD, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    operations
                        .recoverStalled()
                        .then(consoles.purgeExpired())
                        .onErrorResume(
                            e -> {
                              log.warn("Housekeeping failed, retrying later: {}", e.toString());
                              return Mono.empty();
                            }),
                1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
    loop = null;
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }
}
