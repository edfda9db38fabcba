package io.pvepanel.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryPropertiesTests {

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    DeliveryProperties p =
        new DeliveryProperties(
            true,
            Duration.ofSeconds(1),
            100,
            4,
            Duration.ofMinutes(1),
            2,
            Duration.ofMinutes(30),
            Duration.ofHours(24),
            Duration.ofMinutes(2));
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofMinutes(8));
    assertThat(p.backoffAfter(6)).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.backoffAfter(5000)).isEqualTo(Duration.ofMinutes(30));
  }
}
