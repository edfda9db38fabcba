package io.pvepanel.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.config.GatewayProperties;
import io.pvepanel.gateway.control.ControlClient;
import io.pvepanel.gateway.control.ServiceTokenProperties;
import io.pvepanel.testsupport.MutableClock;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.messaging.rsocket.RSocketRequester;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AccessCacheTests {

  private static final GatewayProperties PROPERTIES =
      new Binder(
              new MapConfigurationPropertySource(
                  Map.of("pvepanel.gateway.live.access-cache-ttl", "30s")))
          .bindOrCreate("pvepanel.gateway", GatewayProperties.class);

  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failuresToGive = new AtomicInteger();
  private final MutableClock clock = new MutableClock();
  private final ControlClient control =
      new ControlClient(
          RSocketRequester.builder(),
          PROPERTIES,
          new ServiceTokenProperties(TestTokens.SERVICE_TOKEN)) {
        @Override
        public Mono<Boolean> mayAccess(String token, String serverId) {
          return Mono.defer(
              () -> {
                calls.incrementAndGet();
                return failuresToGive.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    ? Mono.error(new IllegalStateException("control unreachable"))
                    : Mono.just("srv-1".equals(serverId));
              });
        }
      };
  private final AccessCache cache = new AccessCache(control, clock, PROPERTIES);
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void anAnswerIsReusedUntilItsTtlHasPassed() {
    assertThat(cache.mayWatch("1", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    clock.advance(Duration.ofSeconds(29));
    assertThat(cache.mayWatch("1", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    assertThat(calls).hasValue(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.mayWatch("1", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    assertThat(calls).hasValue(2);
    assertThat(cache.mayWatch("1", "t", "srv-2").block(Duration.ofSeconds(5))).isFalse();
    assertThat(cache.mayWatch("2", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    assertThat(calls).hasValue(4);
  }

  @Test
  void aRevokedServerIsAskedAgainAndOthersAreKept() {
    assertThat(cache.mayWatch("1", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    assertThat(cache.mayWatch("2", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    assertThat(cache.mayWatch("1", "t", "srv-2").block(Duration.ofSeconds(5))).isFalse();
    long before = cache.revocations();

    cache.revoke("srv-1");

    assertThat(cache.revocations()).isEqualTo(before + 1);
    assertThat(cache.mayWatch("1", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    assertThat(cache.mayWatch("2", "t", "srv-1").block(Duration.ofSeconds(5))).isTrue();
    assertThat(cache.mayWatch("1", "t", "srv-2").block(Duration.ofSeconds(5))).isFalse();
    assertThat(calls).as("both answers about srv-1 asked again, srv-2's kept").hasValue(5);
  }

  @Test
  void aFailureIsNotRemembered() {
    failuresToGive.set(1);
    StepVerifier.create(cache.mayWatch("1", "t", "srv-1"))
        .expectError(IllegalStateException.class)
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(cache.mayWatch("1", "t", "srv-1"))
        .expectNext(true)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(calls).hasValue(2);
  }

  @Test
  void askersThatFindAnAnswerExpiredTogetherShareOneNewCall() throws Exception {
    int askers = 4;
    for (int round = 0; round < 200; round++) {
      clock.advance(Duration.ofSeconds(31));
      int before = calls.get();
      CyclicBarrier together = new CyclicBarrier(askers);
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < askers; i++) {
        answers.add(
            threads.submit(
                () -> {
                  together.await(5, TimeUnit.SECONDS);
                  return cache.mayWatch("1", "t", "srv-1").block(Duration.ofSeconds(5));
                }));
      }
      for (Future<Boolean> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(calls.get() - before).as("calls in round %d", round).isEqualTo(1);
    }
  }
}
