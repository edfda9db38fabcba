package io.pvepanel.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every service's Kafka listeners treat a failing record ({@code pvepanel.kafka.consumer.*}).
 *
 * @param retryInterval pause between attempts at a record whose processing failed. Default 1 s.
 * @param retryAttempts further attempts before the record goes to {@code <topic>-dlt};
 *     unprocessable records go there at once. Default 3.
 * @param processingTimeout bound on a listener's reactive work for one record ({@link
 *     ListenerBridge}). Default 10 s.
 */
@Validated
@ConfigurationProperties("pvepanel.kafka.consumer")
public record KafkaConsumerProperties(
    @NotNull @DefaultValue("1s") Duration retryInterval,
    @Min(0) @Max(100) @DefaultValue("3") int retryAttempts,
    @NotNull @DefaultValue("10s") Duration processingTimeout) {}
