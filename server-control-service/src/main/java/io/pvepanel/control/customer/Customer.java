package io.pvepanel.control.customer;

import java.time.Instant;
import java.util.List;

/**
 * A customer as the provider knows them (the provider's billing system sets this through the
 * provider API).
 *
 * @param id the customer's user id: the {@code sub} (or {@code id}) of their tokens
 * @param email where the panel's mail goes when the customer has not chosen an address of their own
 * @param locale a BCP 47 tag for their mail and dashboard; null: the default
 */
public record Customer(
    String id,
    String email,
    String name,
    String locale,
    Entitlements entitlements,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * What a customer may hold; a null limit is no limit.
   *
   * @param plans the plans they may choose; null: every offered plan
   */
  public record Entitlements(
      Integer maxServers,
      Integer maxCores,
      Integer maxMemoryMib,
      Integer maxDiskGib,
      List<String> plans) {

    public static final Entitlements UNLIMITED = new Entitlements(null, null, null, null, null);

    public Entitlements {
      plans = plans == null ? null : List.copyOf(plans);
    }
  }
}
