package io.pvepanel.gateway.identity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway checks provider API keys ({@code pvepanel.gateway.provider-keys.*}).
 *
 * @param cacheTtl how long a key the control service confirmed is taken as valid without asking
 *     again; a revoked key may pass the gateway this long (the control service checks every request
 *     itself). Unknown keys are never cached. Default 10 s.
 * @param maxCached how many confirmed keys are remembered (by their SHA-256). Default 1,000.
 */
@Validated
@ConfigurationProperties("pvepanel.gateway.provider-keys")
public record ProviderKeyProperties(
    @NotNull @DefaultValue("10s") Duration cacheTtl,
    @Min(1) @Max(100_000) @DefaultValue("1000") int maxCached) {}
