package io.pvepanel.notification.delivery;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How pending deliveries are attempted; bound from {@code notification.delivery.*}.
 *
 * @param enabled whether this instance runs the delivery worker. Default true.
 * @param pollInterval how often the worker looks for due deliveries (it is also woken when a new
 *     one is stored). Default 1 s.
 * @param batchSize due deliveries claimed per round. Default 100.
 * @param concurrency deliveries attempted at once by this instance. Default 4.
 * @param initialBackoff wait after the first transient failure. Default 1 min.
 * @param backoffMultiplier factor applied to the wait after each further transient failure. Default
 *     2.
 * @param maxBackoff the longest wait between two attempts. Default 30 min (RFC 5321 §4.5.4.1).
 * @param deadline how long after it was stored a delivery is retried before it expires. Default 24
 *     h.
 * @param lease how long an attempt holds a delivery before another worker may take it over (after a
 *     crash); longer than the mail timeouts. Default 2 min.
 */
@Validated
@ConfigurationProperties("notification.delivery")
public record DeliveryProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("1s") Duration pollInterval,
    @Min(1) @Max(1000) @DefaultValue("100") int batchSize,
    @Min(1) @Max(256) @DefaultValue("4") int concurrency,
    @NotNull @DefaultValue("1m") Duration initialBackoff,
    @DecimalMin("1.0") @DefaultValue("2") double backoffMultiplier,
    @NotNull @DefaultValue("30m") Duration maxBackoff,
    @NotNull @DefaultValue("24h") Duration deadline,
    @NotNull @DefaultValue("2m") Duration lease) {

  /** The wait after failed attempt number {@code attempt} (1-based). */
  Duration backoffAfter(int attempt) {
    double factor = Math.pow(backoffMultiplier, Math.max(0, attempt - 1));
    double millis = initialBackoff.toMillis() * factor;
    if (Double.isInfinite(millis) || millis >= maxBackoff.toMillis()) {
      return maxBackoff;
    }
    return Duration.ofMillis((long) millis);
  }
}
