package io.pvepanel.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the gateway is configured with, bound from {@code pvepanel.gateway.*}. Defaults are
 * the documented production defaults; secrets (the JWT secret) live under {@code
 * pvepanel.security.jwt} and come from the environment only.
 *
 * @param backends where the services are (also referenced by the YAML routes)
 * @param timeouts connect and response timeouts of the proxied routes (also referenced by the YAML
 *     routes, in milliseconds)
 * @param cors browser origins allowed to call {@code /api/**} cross-origin; empty = none
 * @param trustedProxies CIDRs (e.g. {@code 10.0.0.0/8}) of reverse proxies whose {@code
 *     X-Forwarded-*}/{@code Forwarded} headers are kept; empty (default) = those headers are
 *     stripped from every request
 * @param limits request size limits
 * @param rateLimits per-user token buckets (in memory: limits are per gateway instance)
 * @param live the {@code /ws} live channel
 * @param console the {@code /ws/console/{session}} relay
 */
@Validated
@ConfigurationProperties("pvepanel.gateway")
public record GatewayProperties(
    @Valid @NotNull @DefaultValue Backends backends,
    @Valid @NotNull @DefaultValue Timeouts timeouts,
    @Valid @NotNull @DefaultValue Cors cors,
    @NotNull @DefaultValue List<String> trustedProxies,
    @Valid @NotNull @DefaultValue Limits limits,
    @Valid @NotNull @DefaultValue RateLimits rateLimits,
    @Valid @NotNull @DefaultValue Live live,
    @Valid @NotNull @DefaultValue Console console) {

  /**
   * @param collector {@code COLLECTOR_URL}, default {@code http://127.0.0.1:8082}
   * @param control {@code CONTROL_URL}, default {@code http://127.0.0.1:8081}
   * @param alerting {@code ALERTING_URL}, default {@code http://127.0.0.1:8083}
   * @param notification {@code NOTIFICATION_URL}, default {@code http://127.0.0.1:8084}
   * @param controlRsocket {@code CONTROL_RSOCKET_URL}, default {@code ws://127.0.0.1:8081/rsocket}
   * @param rsocketTimeout bound of every RSocket request-response to the control service; default 5
   *     s
   */
  public record Backends(
      @NotNull @DefaultValue("http://127.0.0.1:8082") URI collector,
      @NotNull @DefaultValue("http://127.0.0.1:8081") URI control,
      @NotNull @DefaultValue("http://127.0.0.1:8083") URI alerting,
      @NotNull @DefaultValue("http://127.0.0.1:8084") URI notification,
      @NotNull @DefaultValue("ws://127.0.0.1:8081/rsocket") URI controlRsocket,
      @NotNull @DefaultValue("5s") Duration rsocketTimeout) {}

  /**
   * @param connectMs TCP connect timeout to a service; default 2000 ms
   * @param responseMs response timeout of the collector, alerting and notification routes; default
   *     30000 ms
   * @param controlResponseMs response timeout of the control routes, above the 60 s of {@code
   *     ?wait=true}; default 75000 ms
   */
  public record Timeouts(
      @Min(1) @DefaultValue("2000") long connectMs,
      @Min(1) @DefaultValue("30000") long responseMs,
      @Min(1) @DefaultValue("75000") long controlResponseMs) {}

  /**
   * @param allowedOrigins exact origins, e.g. {@code https://panel.example.com}; default none
   * @param allowedMethods default GET, POST, PUT, PATCH, DELETE
   * @param allowedHeaders default Authorization, Content-Type
   * @param maxAge how long browsers may cache a preflight; default 1 h
   */
  public record Cors(
      @NotNull @DefaultValue List<String> allowedOrigins,
      @NotNull @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE"}) List<String> allowedMethods,
      @NotNull @DefaultValue({"Authorization", "Content-Type"}) List<String> allowedHeaders,
      @NotNull @DefaultValue("1h") Duration maxAge) {}

  /**
   * @param maxBodySize largest request body; larger ones get 413. Default 1 MB.
   * @param maxHeaderSize largest sum of request header names and values; larger gets 431. Default
   *     16 KB (Netty's own hard limit, {@code server.max-http-request-header-size}, is set above
   *     it).
   */
  public record Limits(
      @NotNull @DefaultValue("1MB") DataSize maxBodySize,
      @NotNull @DefaultValue("16KB") DataSize maxHeaderSize) {}

  /**
   * @param general every request of a user (anonymous callers: per client address)
   * @param sensitive additionally {@code POST /api/server/create} and {@code POST
   *     /api/server/{id}/change-password}
   * @param anonymous all anonymous requests of this instance together (WebSocket upgrades, API
   *     docs, the dashboard's files)
   * @param failedAuthentications failed authentications (401) per client address; once used up,
   *     every request of that address is refused with 429 before its token is looked at
   * @param maxKeys buckets kept in memory per kind, the least recently used evicted beyond; default
   *     100000
   */
  public record RateLimits(
      @Valid @NotNull @DefaultValue General general,
      @Valid @NotNull @DefaultValue Sensitive sensitive,
      @Valid @NotNull @DefaultValue Anonymous anonymous,
      @Valid @NotNull @DefaultValue FailedAuthentications failedAuthentications,
      @Min(100) @DefaultValue("100000") int maxKeys) {}

  /**
   * A token bucket: up to {@code capacity} requests at once, refilled evenly so that an empty
   * bucket is full again after {@code refillPeriod}.
   */
  public interface Bucket {
    long capacity();

    Duration refillPeriod();
  }

  /** Every request: burst 100, 10 per second sustained. */
  public record General(
      @Min(1) @DefaultValue("100") long capacity,
      @NotNull @DefaultValue("10s") Duration refillPeriod)
      implements Bucket {}

  /** Anonymous requests of one instance: burst 2000, 200 per second sustained. */
  public record Anonymous(
      @Min(1) @DefaultValue("2000") long capacity,
      @NotNull @DefaultValue("10s") Duration refillPeriod)
      implements Bucket {}

  /** Failed authentications of one client address: burst 20, 20 per minute sustained. */
  public record FailedAuthentications(
      @Min(1) @DefaultValue("20") long capacity, @NotNull @DefaultValue("1m") Duration refillPeriod)
      implements Bucket {}

  /** Create and change-password: burst 5, 5 per minute sustained. */
  public record Sensitive(
      @Min(1) @DefaultValue("5") long capacity, @NotNull @DefaultValue("1m") Duration refillPeriod)
      implements Bucket {}

  /**
   * @param allowedOrigins browser origins allowed to open {@code /ws} and {@code /ws/console/*}
   *     besides the gateway's own origin; requests without {@code Origin} (scripts) are allowed
   * @param authTimeout the first frame must be {@code auth} within this; default 10 s
   * @param heartbeat interval of server pings; default 25 s (a socket silent for 3 intervals is
   *     closed)
   * @param expiringLead {@code token:expiring} is sent this long before {@code exp}; default 60 s
   * @param sendBuffer frames queued per socket; a client that lets it overflow is dropped (close
   *     4408). Default 256.
   * @param closeGrace how long a dropped socket gets to flush its close frame before the TCP
   *     connection is cut; default 2 s
   * @param accessCacheTtl how long a {@code server.access} answer is reused per user and server;
   *     default 30 s
   * @param maxSubscriptions servers one socket may watch; default 200
   * @param maxOperationFollows operations one socket may follow at a time ({@code
   *     subscribe:operation}; a follow ends when its operation finishes); default 20
   * @param maxSocketsPerUser authenticated {@code /ws} sockets one user may hold on this instance
   *     (counted per gateway instance); the next socket's {@code auth} is refused with {@code error
   *     too-many-sockets} and close 4429. Default 8.
   * @param maxFrameSize largest client frame; default 8 KB: the longest frame a client sends is
   *     {@code auth} with a token of at most 4 KB ({@code pvepanel.security.jwt.max-token-length})
   * @param consume whether this instance consumes the update topics (off only in tests)
   * @param consumerGroupPrefix the instance's own consumer group is this + host name + random
   *     suffix (broadcast); default {@code gateway-}
   */
  public record Live(
      @NotNull @DefaultValue List<String> allowedOrigins,
      @NotNull @DefaultValue("10s") Duration authTimeout,
      @NotNull @DefaultValue("25s") Duration heartbeat,
      @NotNull @DefaultValue("60s") Duration expiringLead,
      @Min(8) @DefaultValue("256") int sendBuffer,
      @NotNull @DefaultValue("2s") Duration closeGrace,
      @NotNull @DefaultValue("30s") Duration accessCacheTtl,
      @Min(1) @DefaultValue("200") int maxSubscriptions,
      @Min(1) @DefaultValue("20") int maxOperationFollows,
      @Min(1) @DefaultValue("8") int maxSocketsPerUser,
      @NotNull @DefaultValue("8KB") DataSize maxFrameSize,
      @DefaultValue("true") boolean consume,
      @NotBlank @DefaultValue("gateway-") String consumerGroupPrefix) {}

  /**
   * @param maxFrameSize largest frame relayed in either direction; default 1 MB
   * @param authTimeout how long the browser has to send its token (the first frame); default 10 s
   * @param idleTimeout a console with no message either way for this long is closed (4408); default
   *     15 min
   * @param maxDuration a console is closed after this long whatever happens (4408); default 8 h
   */
  public record Console(
      @NotNull @DefaultValue("1MB") DataSize maxFrameSize,
      @NotNull @DefaultValue("10s") Duration authTimeout,
      @NotNull @DefaultValue("15m") Duration idleTimeout,
      @NotNull @DefaultValue("8h") Duration maxDuration) {}
}
