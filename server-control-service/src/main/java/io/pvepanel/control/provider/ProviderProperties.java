package io.pvepanel.control.provider;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The provider's side ({@code pvepanel.control.provider.*}).
 *
 * @param selfServiceCreate whether customers may create servers themselves (within their
 *     entitlements); false: servers are made only through the provider API, and a customer's create
 *     is 403 {@code self-service-disabled}. Default true.
 * @param terminationGrace how long a terminated server stays (suspended, restorable by unsuspend)
 *     before it is deleted, when the terminate request names none. Default 72 h.
 */
@Validated
@ConfigurationProperties("pvepanel.control.provider")
public record ProviderProperties(
    @DefaultValue("true") boolean selfServiceCreate,
    @NotNull @DefaultValue("72h") Duration terminationGrace) {}
