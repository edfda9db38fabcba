package io.pvepanel.collector.collection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes one cycle's samples to {@code server.metrics}, key = server id. Every send is
 * asynchronous (the producer batches them); the returned Mono completes when the broker has
 * acknowledged all of them or they failed, so the next cycle never piles onto unsent ones.
 */
@Component
class SamplePublisher {

  private static final Logger log = LoggerFactory.getLogger(SamplePublisher.class);

  private final KafkaTemplate<String, String> kafka;
  private final Counter published;
  private final Counter failed;

  SamplePublisher(KafkaTemplate<String, String> kafka, MeterRegistry meters) {
    this.kafka = kafka;
    this.published = meters.counter("collector.samples.published");
    this.failed = meters.counter("collector.samples.failed");
  }

  Mono<Void> publish(List<MetricSample> samples) {
    if (samples.isEmpty()) {
      return Mono.empty();
    }
    // send() may block on metadata or a full buffer: keep that off the event loops
    return Mono.fromCallable(() -> sendAll(samples))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(Mono::fromFuture)
        .then();
  }

  private CompletableFuture<Void> sendAll(List<MetricSample> samples) {
    AtomicLong failures = new AtomicLong();
    CompletableFuture<?>[] sends = new CompletableFuture<?>[samples.size()];
    int sent = 0;
    for (MetricSample s : samples) {
      CompletableFuture<?> f;
      try {
        f =
            kafka
                .send(Topics.SERVER_METRICS, s.serverId(), EventJson.write(s))
                .whenComplete((ok, err) -> (err == null ? published : failed).increment());
      } catch (RuntimeException e) {
        // a send that throws (serialisation, producer closed) fails alone, not the cycle
        failed.increment();
        failures.incrementAndGet();
        continue;
      }
      sends[sent++] = f;
      if (f.isCompletedExceptionally()) {
        // failed synchronously (no metadata within max.block.ms): every further send would wait
        // as long again, so this cycle's remaining samples are dropped, not queued
        long rest = samples.size() - (long) sent - failures.get();
        failures.addAndGet(rest);
        failed.increment(rest);
        break;
      }
    }
    CompletableFuture<?>[] started = java.util.Arrays.copyOf(sends, sent);
    return CompletableFuture.allOf(started)
        .handle(
            (ok, err) -> {
              if (err != null || failures.get() > 0) {
                log.warn(
                    "Publishing samples to {} failed for part of the cycle: {}",
                    Topics.SERVER_METRICS,
                    err == null ? failures.get() + " dropped" : err.toString());
              }
              return null;
            });
  }
}
