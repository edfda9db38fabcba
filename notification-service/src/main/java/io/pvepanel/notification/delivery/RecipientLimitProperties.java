package io.pvepanel.notification.delivery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The mail budget of one recipient address, shared by every instance (table {@code
 * recipient_budget}); bound from {@code notification.delivery.recipient-limit.*}. A delivery over
 * budget is {@code deferred} until the window ends, never dropped.
 *
 * @param maxMails mails (attempts) to one address per window. Default 10.
 * @param window the window; a new one starts with the first mail after the previous one ended.
 *     Default 1 h.
 */
@Validated
@ConfigurationProperties("notification.delivery.recipient-limit")
public record RecipientLimitProperties(
    @Min(1) @Max(100_000) @DefaultValue("10") int maxMails,
    @NotNull @DefaultValue("1h") Duration window) {}
