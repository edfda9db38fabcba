package io.pvepanel.gateway.identity;

import io.pvepanel.gateway.control.ControlClient;
import io.pvepanel.security.Digests;
import io.pvepanel.security.ProviderKeyPrincipal;
import io.pvepanel.security.ProviderKeyVerifier;
import io.pvepanel.security.ProviderScope;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Provider API keys at the gateway: the gateway holds no key table, it asks the control service
 * ({@code provider.key}) and remembers a confirmed key for {@code provider-keys.cache-ttl}, keyed
 * by the key's SHA-256 (never its text), at most {@code max-cached}, least recently used out. An
 * unknown key is asked about every time, and counts as a failed authentication of its address.
 */
@Component
@EnableConfigurationProperties(ProviderKeyProperties.class)
class ProviderKeys implements ProviderKeyVerifier {

  private record Entry(ProviderKeyPrincipal key, Instant until) {}

  private final ControlClient control;
  private final Clock clock;
  private final ProviderKeyProperties properties;
  private final Map<String, Entry> cache;

  ProviderKeys(ControlClient control, Clock clock, ProviderKeyProperties properties) {
    this.control = control;
    this.clock = clock;
    this.properties = properties;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > properties.maxCached();
          }
        };
  }

  @Override
  public Mono<ProviderKeyPrincipal> verify(String key) {
    String digest = Digests.sha256Hex(key);
    Instant now = clock.instant();
    Entry cached;
    synchronized (cache) {
      cached = cache.get(digest);
    }
    if (cached != null && cached.until().isAfter(now)) {
      return Mono.just(cached.key());
    }
    return control
        .providerKey(key)
        .filter(a -> a.valid() && a.keyId() != null && a.name() != null && a.scopes() != null)
        .map(
            a ->
                new ProviderKeyPrincipal(
                    a.keyId(),
                    a.name(),
                    a.scopes().stream().map(ProviderScope::fromWire).collect(Collectors.toSet()),
                    a.expiresAt()))
        .doOnNext(
            p -> {
              Instant until = now.plus(properties.cacheTtl());
              if (p.expiresAt() != null && p.expiresAt().isBefore(until)) {
                until = p.expiresAt();
              }
              synchronized (cache) {
                cache.put(digest, new Entry(p, until));
              }
            })
        // the control service could not answer: not the caller's fault, and not a 500
        .onErrorMap(
            e -> !(e instanceof ResponseStatusException),
            e ->
                new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE, "The provider key could not be checked", e));
  }
}
