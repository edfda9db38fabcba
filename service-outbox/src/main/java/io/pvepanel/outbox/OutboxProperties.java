package io.pvepanel.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay ({@code pvepanel.outbox.*}).
 *
 * @param pollInterval how often the relay looks for unpublished events. Default 250 ms.
 * @param batchSize events claimed and published per round, in order. Default 200.
 * @param sendTimeout bound on one broker acknowledgement. Default 30 s.
 * @param retention how long published rows are kept for inspection. Default 1 day.
 */
@Validated
@ConfigurationProperties("pvepanel.outbox")
public record OutboxProperties(
    @NotNull @DefaultValue("250ms") Duration pollInterval,
    @Min(1) @Max(10_000) @DefaultValue("200") int batchSize,
    @NotNull @DefaultValue("30s") Duration sendTimeout,
    @NotNull @DefaultValue("1d") Duration retention) {}
