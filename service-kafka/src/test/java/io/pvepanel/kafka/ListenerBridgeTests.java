package io.pvepanel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class ListenerBridgeTests {

  private final ListenerBridge bridge = new ListenerBridge(Duration.ofMillis(200));

  @Test
  void runsTheWorkToCompletionOnTheCallersThread() {
    AtomicBoolean done = new AtomicBoolean();
    bridge.await(Mono.delay(Duration.ofMillis(20)).doOnNext(t -> done.set(true)));
    assertThat(done).isTrue();
  }

  @Test
  void rethrowsTheWorksFailureAsItIs() {
    assertThatThrownBy(() -> bridge.await(Mono.error(new UnprocessableRecordException("bad"))))
        .isInstanceOf(UnprocessableRecordException.class)
        .hasMessage("bad");
  }

  @Test
  void givesUpAfterTheProcessingTimeout() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> bridge.await(Mono.never()))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void refusesToWaitOnANonBlockingThread() {
    Throwable refused =
        Mono.fromRunnable(() -> bridge.await(Mono.empty()))
            .subscribeOn(Schedulers.parallel())
            .then(Mono.<Throwable>empty())
            .onErrorResume(Mono::just)
            .block(Duration.ofSeconds(5));
    assertThat(refused).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void readsEventsOrFailsAsUnprocessable() {
    assertThatThrownBy(
            () -> UnprocessableRecordException.read(null, io.pvepanel.events.MetricSample.class))
        .isInstanceOf(UnprocessableRecordException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () ->
                UnprocessableRecordException.read(
                    "{not json", io.pvepanel.events.MetricSample.class))
        .isInstanceOf(UnprocessableRecordException.class)
        .hasMessageContaining("not a MetricSample");
  }
}
