package io.pvepanel.web;

/**
 * A customer's entitlement would be exceeded: 403 {@code quota-exceeded} whose {@code limit} names
 * the entitlement ({@code maxServers}, {@code maxCores}, {@code maxMemoryMib}, {@code maxDiskGib},
 * {@code plans}).
 */
public class QuotaExceededException extends RuntimeException {

  private final String limit;

  public QuotaExceededException(String limit, String message) {
    super(message);
    this.limit = limit;
  }

  public String limit() {
    return limit;
  }
}
