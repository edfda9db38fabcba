package io.pvepanel.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The keys of an RS256/ES256 issuer, from its JWKS URI. The set is fetched once and used for {@code
 * refreshInterval}; a token whose key id is not in it makes the set be fetched again at most once
 * per {@code minRefreshInterval}, however many such tokens arrive (an attacker inventing key ids
 * cannot make the service hammer the issuer), and concurrent askers share one fetch.
 */
final class JwksKeys implements Function<SignedJWT, Flux<JWK>> {

  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  private record Fetched(JWKSet keys, Instant at) {}

  private final WebClient web;
  private final URI uri;
  private final Clock clock;
  private final Duration refreshInterval;
  private final Duration minRefreshInterval;
  private final AtomicReference<Fetched> current = new AtomicReference<>();
  private final AtomicReference<Instant> lastFetch = new AtomicReference<>(Instant.MIN);
  private final AtomicReference<Mono<JWKSet>> inFlight = new AtomicReference<>();

  JwksKeys(
      WebClient web, URI uri, Clock clock, Duration refreshInterval, Duration minRefreshInterval) {
    this.web = web;
    this.uri = uri;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
    this.minRefreshInterval = minRefreshInterval;
  }

  @Override
  public Flux<JWK> apply(SignedJWT jwt) {
    JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
    Fetched known = current.get();
    Mono<JWKSet> keys =
        known != null && clock.instant().isBefore(known.at().plus(refreshInterval))
            ? Mono.just(known.keys())
            : fetch();
    return keys.flatMapMany(
        set -> {
          List<JWK> found = selector.select(set);
          if (!found.isEmpty()) {
            return Flux.fromIterable(found);
          }
          // an unknown key id: the issuer may have rotated its keys, but look again only so often
          return mayFetchAgain() ? fetch().flatMapIterable(selector::select) : Flux.empty();
        });
  }

  private boolean mayFetchAgain() {
    return !clock.instant().isBefore(lastFetch.get().plus(minRefreshInterval));
  }

  /** The key set, fetched now unless a fetch is under way (then its answer). */
  private Mono<JWKSet> fetch() {
    Mono<JWKSet> running = inFlight.get();
    if (running != null) {
      return running;
    }
    Fetched known = current.get();
    if (known != null && !mayFetchAgain()) {
      return Mono.just(known.keys());
    }
    Mono<JWKSet> fetch =
        Mono.defer(
                () -> {
                  lastFetch.set(clock.instant());
                  return web.get().uri(uri).retrieve().bodyToMono(String.class);
                })
            .timeout(FETCH_TIMEOUT)
            .map(JwksKeys::parse)
            .doOnNext(set -> current.set(new Fetched(set, clock.instant())))
            .doFinally(signal -> inFlight.set(null))
            .cache();
    if (inFlight.compareAndSet(null, fetch)) {
      return fetch;
    }
    Mono<JWKSet> other = inFlight.get();
    return other != null ? other : fetch;
  }

  private static JWKSet parse(String body) {
    try {
      return JWKSet.parse(body);
    } catch (ParseException e) {
      throw new JwtException("The key set could not be read");
    }
  }
}
