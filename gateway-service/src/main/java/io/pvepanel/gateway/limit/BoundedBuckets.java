package io.pvepanel.gateway.limit;

import io.pvepanel.gateway.config.GatewayProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key, at most {@code maxKeys} of them: the least recently used goes when a new
 * key arrives (a client rotating keys evicts its own old buckets, never makes the map grow or every
 * request scan it). Striped by key hash so that requests of different keys rarely contend.
 */
final class BoundedBuckets {

  private static final int STRIPES = 16;

  private final GatewayProperties.Bucket spec;
  private final Stripe[] stripes = new Stripe[STRIPES];

  BoundedBuckets(GatewayProperties.Bucket spec, int maxKeys) {
    this.spec = spec;
    int perStripe = Math.max(1, maxKeys / STRIPES);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(perStripe);
    }
  }

  /** The bucket of {@code key}, made full when new (or evicted before). */
  TokenBucket get(String key, long now) {
    Stripe stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    synchronized (stripe) {
      TokenBucket bucket = stripe.get(key);
      if (bucket == null) {
        bucket = new TokenBucket(spec.capacity(), spec.refillPeriod().toNanos(), now);
        stripe.put(key, bucket);
      }
      return bucket;
    }
  }

  /** How many buckets are held. */
  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  private static final class Stripe extends LinkedHashMap<String, TokenBucket> {
    private final int max;

    Stripe(int max) {
      super(16, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
      return size() > max;
    }
  }
}
