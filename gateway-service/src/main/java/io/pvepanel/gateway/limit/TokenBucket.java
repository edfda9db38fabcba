package io.pvepanel.gateway.limit;

/**
 * A classic token bucket: {@code capacity} tokens, refilled continuously at {@code capacity /
 * refillPeriod}. Thread-safe; all times in nanoseconds from a monotonic source.
 */
final class TokenBucket {

  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long updatedAt;
  private volatile long lastUsed;

  TokenBucket(long capacity, long refillPeriodNanos, long now) {
    this.capacity = capacity;
    this.tokensPerNano = (double) capacity / refillPeriodNanos;
    this.tokens = capacity;
    this.updatedAt = now;
    this.lastUsed = now;
  }

  /** Takes a token; returns 0 when granted, else the nanoseconds until one is available. */
  synchronized long tryTake(long now) {
    lastUsed = now;
    if (now > updatedAt) {
      tokens = Math.min(capacity, tokens + (now - updatedAt) * tokensPerNano);
      updatedAt = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  /**
   * Whether a token is available, without taking it: 0 if so, else the nanoseconds until one is.
   */
  synchronized long peek(long now) {
    if (now > updatedAt) {
      tokens = Math.min(capacity, tokens + (now - updatedAt) * tokensPerNano);
      updatedAt = now;
    }
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  /** Gives back a token taken by {@link #tryTake} when a later check refused the request. */
  synchronized void giveBack() {
    tokens = Math.min(capacity, tokens + 1);
  }

  long lastUsed() {
    return lastUsed;
  }
}
