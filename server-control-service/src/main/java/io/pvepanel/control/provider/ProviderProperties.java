package io.pvepanel.control.provider;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The provider's side ({@code pvepanel.control.provider.*}).
 *
 * @param selfServiceCreate whether customers may create servers themselves (within their
 *     entitlements); false: servers are made only through the provider API, and a customer's create
 *     is 403 {@code self-service-disabled}. Default true.
 */
@Validated
@ConfigurationProperties("pvepanel.control.provider")
public record ProviderProperties(@DefaultValue("true") boolean selfServiceCreate) {}
