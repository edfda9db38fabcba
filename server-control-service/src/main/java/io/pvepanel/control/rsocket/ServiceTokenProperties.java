package io.pvepanel.control.rsocket;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pvepanel.rsocket.*}: the secret the gateway presents in every RSocket connection's SETUP.
 *
 * @param serviceToken {@code RSOCKET_SERVICE_TOKEN} (environment or a mounted secret), at least 32
 *     characters; no default: the service does not start without it
 */
@Validated
@ConfigurationProperties("pvepanel.rsocket")
record ServiceTokenProperties(@NotBlank @Size(min = 32) String serviceToken) {}
