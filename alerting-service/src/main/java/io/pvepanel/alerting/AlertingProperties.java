package io.pvepanel.alerting;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the alerting service, bound from {@code pvepanel.alerting.*}.
 *
 * @param ruleRefreshInterval how old the in-memory rule index may get before it is reloaded from
 *     the database (changes made through this instance apply at once; changes made through another
 *     instance within this interval). Default 10 s.
 * @param processingTimeout bound on processing one sample (database reads and the transaction).
 *     Default 10 s.
 * @param retryInterval pause between attempts at a sample that failed to process. Default 1 s.
 * @param retryAttempts further attempts before a failing sample goes to {@code server.metrics-dlt};
 *     records that cannot be parsed go there at once. Default 3.
 */
@Validated
@ConfigurationProperties("pvepanel.alerting")
public record AlertingProperties(
    @NotNull @DefaultValue("10s") Duration ruleRefreshInterval,
    @NotNull @DefaultValue("10s") Duration processingTimeout,
    @NotNull @DefaultValue("1s") Duration retryInterval,
    @Min(0) @Max(100) @DefaultValue("3") int retryAttempts) {}
