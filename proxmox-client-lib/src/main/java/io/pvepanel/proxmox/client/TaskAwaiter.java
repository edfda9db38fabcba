package io.pvepanel.proxmox.client;

import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Follows a task by polling its status; timing on Reactor's parallel scheduler (virtual-time). */
final class TaskAwaiter {
  private TaskAwaiter() {}

  static Mono<TaskStatus> await(
      String cluster,
      Upid upid,
      Function<Upid, Mono<TaskStatus>> poll,
      Duration interval,
      Duration bound) {
    return Flux.interval(Duration.ZERO, interval)
        // A slow status call must not queue up ticks: skip them instead.
        .onBackpressureDrop()
        .concatMap(tick -> poll.apply(upid), 1)
        .filter(status -> !status.isRunning())
        .next()
        .timeout(
            bound,
            Mono.error(
                () ->
                    new ProxmoxTimeoutException(
                        cluster,
                        "task " + upid.type() + " " + upid.id() + " still running after " + bound,
                        null,
                        true)))
        .flatMap(
            status ->
                status.isSuccess()
                    ? Mono.just(status)
                    : Mono.error(
                        new ProxmoxTaskFailedException(
                            cluster,
                            upid,
                            status.exitstatus() == null ? "unknown" : status.exitstatus())));
  }
}
