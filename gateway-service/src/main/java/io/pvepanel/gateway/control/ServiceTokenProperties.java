package io.pvepanel.gateway.control;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pvepanel.rsocket.*}: the secret the gateway presents in the SETUP of its RSocket
 * connection to the control service, which refuses connections without it.
 *
 * @param serviceToken {@code RSOCKET_SERVICE_TOKEN} (environment or a mounted secret), at least 32
 *     characters; no default: the gateway does not start without it
 */
@Validated
@ConfigurationProperties("pvepanel.rsocket")
public record ServiceTokenProperties(@NotBlank @Size(min = 32) String serviceToken) {

  @Override
  public String toString() {
    return "ServiceTokenProperties[<redacted>]";
  }
}
