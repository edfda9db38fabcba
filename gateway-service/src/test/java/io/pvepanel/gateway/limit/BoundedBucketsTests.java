package io.pvepanel.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.config.GatewayProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client rotating keys never grows the buckets beyond their cap (hole 3 of issue #13). */
class BoundedBucketsTests {

  @Test
  void aMillionKeysLeaveAtMostTheCapInMemoryAndTheRecentOnesKeepTheirState() {
    BoundedBuckets buckets =
        new BoundedBuckets(new GatewayProperties.General(2, Duration.ofMinutes(10)), 1600);
    long now = 0;
    TokenBucket busy = buckets.get("busy", now);
    busy.tryTake(now);
    busy.tryTake(now);
    for (int i = 0; i < 1_000_000; i++) {
      buckets.get("k" + i, now);
      if (i % 1000 == 0) {
        buckets.get("busy", now); // used recently: kept
      }
    }
    assertThat(buckets.size()).isLessThanOrEqualTo(1600);
    assertThat(buckets.get("busy", now).tryTake(now)).isPositive();
  }
}
