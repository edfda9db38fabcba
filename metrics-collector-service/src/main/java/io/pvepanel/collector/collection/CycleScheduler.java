package io.pvepanel.collector.collection;

import io.pvepanel.collector.CollectorProperties;
import io.pvepanel.collector.history.PartitionMaintenance;
import io.pvepanel.runtime.loop.PeriodicLoop;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drives cycles and partition maintenance on their periods when {@code scheduling-enabled}, as two
 * {@link PeriodicLoop}s. Partitions are prepared at once, the first cycle follows one period later;
 * a tick that meets a running cycle is skipped and counted. A tick polls only while this instance
 * holds the {@link PollerLease}; stopping releases it so a standby instance takes over at its next
 * tick.
 */
@Component
class CycleScheduler implements SmartLifecycle {

  private final PollerLease lease;
  private final CollectorProperties props;
  private final List<PeriodicLoop> loops;
  private volatile boolean running;

  CycleScheduler(
      CollectionCycle cycle,
      PollerLease lease,
      PartitionMaintenance maintenance,
      CollectorProperties props) {
    this.lease = lease;
    this.props = props;
    this.loops =
        List.of(
            PeriodicLoop.every(
                    props.maintenanceInterval(), "Partition maintenance", maintenance::run)
                .initialDelay(Duration.ZERO)
                .build(),
            PeriodicLoop.every(
                    props.cycle(),
                    "Collection cycle",
                    () ->
                        lease.acquire().filter(Boolean::booleanValue).flatMap(held -> cycle.run()))
                .onSkippedTick(cycle::tickSkipped)
                .build());
  }

  @Override
  public void start() {
    if (!props.schedulingEnabled()) {
      return;
    }
    loops.forEach(PeriodicLoop::start);
    running = true;
  }

  @Override
  public void stop() {
    loops.forEach(PeriodicLoop::stop);
    running = false;
  }

  @Override
  public void stop(Runnable callback) {
    stop();
    lease.release().doFinally(signal -> callback.run()).subscribe();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
