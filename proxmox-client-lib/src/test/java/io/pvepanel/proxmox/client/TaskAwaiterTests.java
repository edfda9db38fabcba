package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TaskAwaiterTests {
  private static final Upid UPID =
      Upid.parse("UPID:pve2:0003A1F2:0A1B2C3D:66E1A2B3:vzsnapshot:101:panel@pve!ctl:");

  private static TaskStatus running() {
    return new TaskStatus(
        UPID.raw(), "pve2", 1L, 1L, 1L, "vzsnapshot", "101", "panel@pve", "ctl", "running", null);
  }

  private static TaskStatus stopped(String exit) {
    return new TaskStatus(
        UPID.raw(), "pve2", 1L, 1L, 1L, "vzsnapshot", "101", "panel@pve", "ctl", "stopped", exit);
  }

  private static java.util.function.Function<Upid, Mono<TaskStatus>> script(
      AtomicInteger polls, TaskStatus... statuses) {
    Iterator<TaskStatus> it = List.of(statuses).iterator();
    return u -> {
      polls.incrementAndGet();
      return Mono.fromSupplier(it::next);
    };
  }

  @Test
  void pollsEverySecondUntilOk() {
    AtomicInteger polls = new AtomicInteger();
    StepVerifier.withVirtualTime(
            () ->
                TaskAwaiter.await(
                    "c",
                    UPID,
                    script(polls, running(), running(), stopped("OK")),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1)))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(1))
        .expectNoEvent(Duration.ofMillis(500))
        .thenAwait(Duration.ofSeconds(1))
        .assertNext(s -> assertThat(s.exitstatus()).isEqualTo("OK"))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(polls).hasValue(3);
  }

  @Test
  void warningsCountAsSuccess() {
    StepVerifier.withVirtualTime(
            () ->
                TaskAwaiter.await(
                    "c",
                    UPID,
                    script(new AtomicInteger(), stopped("WARNINGS: 2")),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1)))
        .assertNext(s -> assertThat(s.isSuccess()).isTrue())
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void errorExitIsTypedWithTheExitStatus() {
    StepVerifier.withVirtualTime(
            () ->
                TaskAwaiter.await(
                    "c",
                    UPID,
                    script(
                        new AtomicInteger(),
                        running(),
                        stopped("snapshot feature is not available")),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1)))
        .thenAwait(Duration.ofSeconds(1))
        .expectErrorSatisfies(
            e -> {
              ProxmoxTaskFailedException f = (ProxmoxTaskFailedException) e;
              assertThat(f.exitStatus()).isEqualTo("snapshot feature is not available");
              assertThat(f.upid()).isEqualTo(UPID);
            })
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void boundedByTheTimeout() {
    AtomicInteger polls = new AtomicInteger();
    StepVerifier.withVirtualTime(
            () ->
                TaskAwaiter.await(
                    "c",
                    UPID,
                    u -> {
                      polls.incrementAndGet();
                      return Mono.just(running());
                    },
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30)))
        .thenAwait(Duration.ofSeconds(30))
        .expectErrorSatisfies(
            e -> assertThat(((ProxmoxTimeoutException) e).isTaskStillRunning()).isTrue())
        .verify(Duration.ofSeconds(5));
    assertThat(polls.get()).isBetween(15, 16);
  }
}
