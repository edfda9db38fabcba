package io.pvepanel.proxmox.client;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;
import tools.jackson.databind.JavaType;

/**
 * One cluster's HTTP path: WebClient on Reactor Netty, auth, size cap, error mapping, GET-only
 * retries, the cluster's circuit breaker and a timer per endpoint template.
 */
final class HttpTransport {
  // Carries the reason phrase from Netty to the WebClient response; Spring does not expose it
  // and PVE <= 8.3 puts its error text nowhere else.
  static final String REASON_HEADER = "X-Pve-Client-Reason-Phrase";
  static final String METRIC = "proxmox.client.requests";
  private static final byte[] EMPTY = new byte[0];

  private final ProxmoxClusterProperties props;
  private final String cluster;
  private final String apiBase;
  private final WebClient webClient;
  private final ConnectionProvider pool;
  private final CircuitBreakerConfig breakerConfig;
  // The cluster-wide API (/cluster/*, /version, /access/*, /nodes) and one breaker per node for
  // calls under /nodes/{node}/...: pveproxy answers 595/596 for a node it cannot reach while the
  // rest of the cluster works, so one offline node must not fail every call.
  private final CircuitBreaker breaker;
  private final Map<String, CircuitBreaker> nodeBreakers = new ConcurrentHashMap<>();
  private final MeterRegistry meters;
  private final ProxmoxTrust trust;
  private volatile Auth auth;

  /** The TLS trust of the cluster's connections (the JVM's for plain HTTP). */
  ProxmoxTrust trust() {
    return trust;
  }

  HttpTransport(ProxmoxClusterProperties props, MeterRegistry meters, Clock clock) {
    this.props = props;
    this.cluster = props.name();
    this.apiBase = props.baseUrl() + "/api2/json";
    this.meters = meters;
    this.trust =
        props.baseUrl().startsWith("https:") ? ProxmoxTrust.of(props) : ProxmoxTrust.SYSTEM;
    this.pool =
        ConnectionProvider.builder("proxmox-" + cluster)
            .maxConnections(props.maxConnections())
            // Below pveproxy's 5 s keep-alive so we never reuse a socket the server is closing.
            .maxIdleTime(props.maxIdleTime())
            .maxLifeTime(Duration.ofMinutes(5))
            .pendingAcquireTimeout(props.connectTimeout().plus(props.responseTimeout()))
            .evictInBackground(Duration.ofSeconds(2))
            .build();
    HttpClient http =
        HttpClient.create(pool)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) props.connectTimeout().toMillis())
            .responseTimeout(props.responseTimeout())
            .doOnResponse(
                (res, conn) -> {
                  String reason = res.status().reasonPhrase();
                  if (reason != null && !reason.isEmpty()) {
                    res.responseHeaders().set(REASON_HEADER, reason);
                  }
                });
    if (props.baseUrl().startsWith("https:")) {
      try {
        http = trust.secure(http);
      } catch (IllegalStateException e) {
        throw new IllegalStateException("cluster " + props.name() + ": " + e.getMessage(), e);
      }
    }
    this.webClient =
        WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(http))
            .codecs(c -> c.defaultCodecs().maxInMemorySize((int) props.maxResponseSize().toBytes()))
            .build();
    ProxmoxClusterProperties.CircuitBreaker cb = props.circuitBreaker();
    this.breakerConfig =
        CircuitBreakerConfig.custom()
            .slidingWindow(
                (int) Math.max(1, cb.window().toSeconds()),
                cb.minimumCalls(),
                CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
            .failureRateThreshold(cb.failureRateThreshold())
            .waitDurationInOpenState(cb.openDuration())
            .permittedNumberOfCallsInHalfOpenState(cb.halfOpenCalls())
            .recordException(HttpTransport::isHealthFailure)
            .clock(clock)
            .build();
    this.breaker = CircuitBreaker.of("proxmox-" + cluster, breakerConfig);
  }

  void auth(Auth auth) {
    this.auth = auth;
  }

  String cluster() {
    return cluster;
  }

  String apiBase() {
    return apiBase;
  }

  Auth auth() {
    return auth;
  }

  /** The cluster-wide breaker. */
  CircuitBreaker breaker() {
    return breaker;
  }

  /** The breaker a request goes through: its node's for /nodes/{node}/..., else the cluster's. */
  CircuitBreaker breakerFor(Request req) {
    String node = req.node();
    if (node == null) {
      return breaker;
    }
    return nodeBreakers.computeIfAbsent(
        node, n -> CircuitBreaker.of("proxmox-" + cluster + "-" + n, breakerConfig));
  }

  static boolean isHealthFailure(Throwable t) {
    return t instanceof ProxmoxException pe && pe.isClusterHealthFailure();
  }

  /** A request: endpoint template (metric tag), encoded path, query and form parameters. */
  record Request(
      HttpMethod method,
      String template,
      String path,
      MultiValueMap<String, String> query,
      MultiValueMap<String, String> form,
      boolean authenticated,
      Auth auth) {
    private static final String NODE_PREFIX = "/nodes/{node}/";

    /** With the transport's own credentials. */
    Request(
        HttpMethod method,
        String template,
        String path,
        MultiValueMap<String, String> query,
        MultiValueMap<String, String> form,
        boolean authenticated) {
      this(method, template, path, query, form, authenticated, null);
    }

    /** The node a call under {@code /nodes/{node}/...} is routed to, else null. */
    String node() {
      if (!template.startsWith(NODE_PREFIX) || !path.startsWith("/nodes/")) {
        return null;
      }
      int end = path.indexOf('/', "/nodes/".length());
      String segment = path.substring("/nodes/".length(), end < 0 ? path.length() : end);
      return UriUtils.decode(segment, StandardCharsets.UTF_8);
    }

    String uri(String base) {
      StringBuilder sb = new StringBuilder(base).append(path);
      if (query != null && !query.isEmpty()) {
        StringJoiner q = new StringJoiner("&", "?", "");
        query.forEach(
            (k, vs) ->
                vs.forEach(
                    v ->
                        q.add(
                            UriUtils.encode(k, StandardCharsets.UTF_8)
                                + "="
                                + UriUtils.encode(v, StandardCharsets.UTF_8))));
        sb.append(q);
      }
      return sb.toString();
    }
  }

  /** Expands a template like {@code /nodes/{node}/lxc/{vmid}} with encoded path segments. */
  static String path(String template, Object... values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int pos = 0;
    while (true) {
      int open = template.indexOf('{', pos);
      if (open < 0) {
        out.append(template, pos, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      out.append(template, pos, open);
      out.append(UriUtils.encodePathSegment(String.valueOf(values[i++]), StandardCharsets.UTF_8));
      pos = close + 1;
    }
    if (i != values.length) {
      throw new IllegalArgumentException("template/values mismatch: " + template);
    }
    return out.toString();
  }

  <T> Mono<T> exchange(Request req, JavaType envelopeType) {
    return this.<T>exchangeEnvelope(req, envelopeType).flatMap(e -> Mono.justOrEmpty(e.data()));
  }

  <T> Mono<ProxmoxCodec.Envelope<T>> exchangeEnvelope(Request req, JavaType envelopeType) {
    CircuitBreaker cb = breakerFor(req);
    String node = req.node();
    Mono<ProxmoxCodec.Envelope<T>> attempt =
        Mono.defer(() -> this.<T>once(req, envelopeType))
            .onErrorMap(e -> ErrorMapper.fromThrowable(cluster, req.template(), e))
            .transform(CircuitBreakerOperator.of(cb))
            .onErrorMap(
                CallNotPermittedException.class,
                e -> new ProxmoxClusterUnavailableException(cluster, node, e));
    if (HttpMethod.GET.equals(req.method()) && props.maxRetries() > 0) {
      attempt =
          attempt.retryWhen(
              Retry.backoff(props.maxRetries(), props.retryBackoff())
                  .maxBackoff(Duration.ofSeconds(2))
                  .filter(e -> e instanceof ProxmoxException pe && pe.isRetryable())
                  .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }
    return timed(req, attempt);
  }

  private <T> Mono<ProxmoxCodec.Envelope<T>> once(Request req, JavaType envelopeType) {
    Auth credentials = req.auth() != null ? req.auth() : auth;
    Mono<Map<String, String>> headers =
        req.authenticated() ? credentials.headers(req.method()) : Mono.just(Map.of());
    return headers.flatMap(
        h -> {
          WebClient.RequestBodySpec spec =
              webClient
                  .method(req.method())
                  .uri(java.net.URI.create(req.uri(apiBase)))
                  .headers(target -> Auth.apply(target, h))
                  .accept(MediaType.APPLICATION_JSON);
          if (req.form() != null) {
            spec.contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(req.form()));
          }
          return spec.exchangeToMono(response -> this.<T>handle(req, envelopeType, response));
        });
  }

  private <T> Mono<ProxmoxCodec.Envelope<T>> handle(
      Request req, JavaType envelopeType, ClientResponse response) {
    int status = response.statusCode().value();
    String reason = response.headers().asHttpHeaders().getFirst(REASON_HEADER);
    return response
        .bodyToMono(byte[].class)
        .defaultIfEmpty(EMPTY)
        .flatMap(
            body -> {
              if (status >= 200 && status < 300) {
                ProxmoxCodec.Envelope<T> envelope = ProxmoxCodec.decode(body, envelopeType);
                Instant date = dateOf(response);
                return Mono.just(date == null ? envelope : envelope.withServerDate(date));
              }
              ProxmoxApiException error =
                  ErrorMapper.fromResponse(cluster, req.template(), status, reason, body);
              if (status == 401 && req.authenticated()) {
                (req.auth() != null ? req.auth() : auth).unauthorized();
              }
              return Mono.error(error);
            });
  }

  private static Instant dateOf(ClientResponse response) {
    try {
      long date = response.headers().asHttpHeaders().getDate();
      return date < 0 ? null : Instant.ofEpochMilli(date);
    } catch (IllegalArgumentException unparseable) {
      return null;
    }
  }

  private <T> Mono<T> timed(Request req, Mono<T> call) {
    return Mono.defer(
        () -> {
          Timer.Sample sample = Timer.start(meters);
          // onNext and onComplete both arrive for a value; record each call exactly once.
          AtomicBoolean done = new AtomicBoolean();
          return call.doOnEach(
                  signal -> {
                    if (signal.isOnComplete() || signal.isOnNext()) {
                      stop(sample, done, req, "success");
                    } else if (signal.isOnError()) {
                      Throwable e = signal.getThrowable();
                      String outcome =
                          e instanceof ProxmoxException pe ? pe.outcome() : "unknown_error";
                      stop(sample, done, req, outcome);
                    }
                  })
              .doFinally(
                  s -> {
                    if (s == SignalType.CANCEL) {
                      stop(sample, done, req, "cancelled");
                    }
                  });
        });
  }

  private void stop(Timer.Sample sample, AtomicBoolean done, Request req, String outcome) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    sample.stop(
        Timer.builder(METRIC)
            .description("Calls to the Proxmox VE API per endpoint template")
            .tag("cluster", cluster)
            .tag("method", req.method().name())
            .tag("endpoint", req.template())
            .tag("outcome", outcome)
            .register(meters));
  }

  void close() {
    pool.dispose();
  }
}
