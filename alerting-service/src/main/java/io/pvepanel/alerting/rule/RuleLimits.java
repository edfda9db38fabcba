package io.pvepanel.alerting.rule;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a customer may ask of the alerting service, so that rules cannot be turned into a mail bomb;
 * bound from {@code pvepanel.alerting.rules.*} (docs/security.md, "Mail").
 *
 * @param maxPerUser how many rules ({@code user} and {@code server} scope) one owner may have;
 *     another create answers 409 naming the limit. Admins' global rules do not count. Default 20.
 * @param minFor the smallest {@code forSeconds} accepted (below: 400 naming the field), so a
 *     flapping figure cannot fire an episode per sample. Default 60 s.
 * @param minRepeatInterval the smallest {@code repeatIntervalSeconds} accepted (below: 400 naming
 *     the field). Default 15 min.
 */
@Validated
@ConfigurationProperties("pvepanel.alerting.rules")
record RuleLimits(
    @Min(1) @Max(10_000) @DefaultValue("20") int maxPerUser,
    @NotNull @DefaultValue("60s") Duration minFor,
    @NotNull @DefaultValue("15m") Duration minRepeatInterval) {}
