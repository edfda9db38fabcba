package io.pvepanel.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The suite's one bridge from a {@code @KafkaListener} into reactive code: the listener composes
 * its processing of a record as one {@link Mono} and hands it to {@link #await}, which runs it to
 * completion within {@code pvepanel.kafka.consumer.processing-timeout}.
 *
 * <p>Waiting is deliberate and confined to the container's consumer thread (never a Reactor thread;
 * {@link #await} refuses those): it keeps a partition's records strictly in order and commits an
 * offset only after its record's work is done, and the timeout guarantees the thread is never
 * stuck. spring-kafka's asynchronous listener results ({@code Mono} return values) would process
 * the next record while the previous one still runs, which loses the order per key. A failure is
 * rethrown to the container's error handler (retries, then the dead-letter topic).
 */
public final class ListenerBridge {

  private final Duration timeout;

  ListenerBridge(Duration timeout) {
    this.timeout = timeout;
  }

  /** Runs {@code work} to completion on this (listener) thread, at most the processing timeout. */
  public void await(Mono<?> work) {
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException(
          "ListenerBridge.await on a non-blocking thread: " + Thread.currentThread().getName());
    }
    try {
      work.timeout(timeout).toFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
