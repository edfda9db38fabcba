package io.pvepanel.alerting;

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
 *     <p>How a failing record is retried and bounded is the suite's Kafka consumer convention
 *     ({@code pvepanel.kafka.consumer.*}, service-kafka).
 */
@Validated
@ConfigurationProperties("pvepanel.alerting")
public record AlertingProperties(@NotNull @DefaultValue("10s") Duration ruleRefreshInterval) {}
