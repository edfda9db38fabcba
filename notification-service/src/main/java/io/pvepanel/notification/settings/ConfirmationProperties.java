package io.pvepanel.notification.settings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a newly chosen contact address is confirmed; bound from {@code notification.confirmation.*}.
 *
 * @param codeValidity how long a confirmation code is accepted. Default 24 h.
 * @param resendInterval the least time between two confirmation mails of one user (a new address or
 *     a re-send sooner answers 429 with {@code Retry-After}). Default 5 min.
 * @param maxTries wrong codes accepted before the code is void (a new one must be asked for).
 *     Default 5.
 * @param linkBase when set, the mail carries a link {@code <linkBase><code>} (e.g. {@code
 *     https://panel.example/#/notifications/confirm/}); empty: the code only. Default empty.
 */
@Validated
@ConfigurationProperties("notification.confirmation")
public record ConfirmationProperties(
    @NotNull @DefaultValue("24h") Duration codeValidity,
    @NotNull @DefaultValue("5m") Duration resendInterval,
    @Min(1) @Max(100) @DefaultValue("5") int maxTries,
    @NotNull @DefaultValue("") String linkBase) {}
