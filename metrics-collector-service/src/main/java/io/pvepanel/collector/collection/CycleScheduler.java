package io.pvepanel.collector.collection;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.collector.history.PartitionMaintenance;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Drives cycles and partition maintenance on their periods when {@code scheduling-enabled}.
 * Partitions are prepared before the first cycle; a tick that meets a running cycle is skipped by
 * the cycle itself. A tick polls only while this instance holds the {@link PollerLease}; stopping
 * releases it so a standby instance takes over at its next tick.
 */
@Component
class CycleScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CycleScheduler.class);

  private final CollectionCycle cycle;
  private final PollerLease lease;
  private final PartitionMaintenance maintenance;
  private final CollectorProperties props;
  private volatile Disposable.Composite tasks;

  CycleScheduler(
      CollectionCycle cycle,
      PollerLease lease,
      PartitionMaintenance maintenance,
      CollectorProperties props) {
    this.cycle = cycle;
    this.lease = lease;
    this.maintenance = maintenance;
    this.props = props;
  }

  @Override
  public void start() {
    if (!props.schedulingEnabled()) {
      return;
    }
    Disposable.Composite composite = Disposables.composite();
    composite.add(
        Flux.interval(Duration.ZERO, props.maintenanceInterval(), Schedulers.single())
            .onBackpressureDrop()
            .concatMap(t -> maintenance.run())
            .subscribe(null, err -> log.error("Partition maintenance stopped", err)));
    composite.add(
        Flux.interval(props.cycle(), props.cycle(), Schedulers.single())
            .onBackpressureDrop()
            .subscribe(
                t ->
                    lease
                        .acquire()
                        .filter(Boolean::booleanValue)
                        .flatMap(held -> cycle.run())
                        .subscribe()));
    tasks = composite;
  }

  @Override
  public void stop() {
    Disposable.Composite t = tasks;
    if (t != null) {
      t.dispose();
      tasks = null;
    }
  }

  @Override
  public void stop(Runnable callback) {
    stop();
    lease.release().doFinally(signal -> callback.run()).subscribe();
  }

  @Override
  public boolean isRunning() {
    return tasks != null;
  }
}
