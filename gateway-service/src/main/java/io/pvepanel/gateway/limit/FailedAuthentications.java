package io.pvepanel.gateway.limit;

import io.pvepanel.gateway.config.GatewayProperties;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The per-address budget of failed authentications ({@code rate-limits.failed-authentications}),
 * shared by every way in: HTTP answers 401 ({@link FailedAuthenticationFilter}) and the in-band
 * refusals of the WebSocket channels ({@code /ws}'s and {@code /ws/console/*}'s {@code auth}
 * frame). An address that used it up gets 429 for every request, WebSocket upgrades included,
 * before its token is read. In memory: the budget is per gateway instance.
 */
@Component
public class FailedAuthentications {

  private final BoundedBuckets failures;
  private final LongSupplier nanoClock;

  @Autowired
  public FailedAuthentications(GatewayProperties properties) {
    this(properties, System::nanoTime);
  }

  FailedAuthentications(GatewayProperties properties, LongSupplier nanoClock) {
    this.failures =
        new BoundedBuckets(
            properties.rateLimits().failedAuthentications(), properties.rateLimits().maxKeys());
    this.nanoClock = nanoClock;
  }

  /** The budget of {@code address}. */
  TokenBucket bucket(String address) {
    return failures.get(address, nanoClock.getAsLong());
  }

  long now() {
    return nanoClock.getAsLong();
  }

  /** Counts one failed authentication of {@code address} (a WebSocket's refused auth frame). */
  public void failed(String address) {
    bucket(address).tryTake(now());
  }
}
