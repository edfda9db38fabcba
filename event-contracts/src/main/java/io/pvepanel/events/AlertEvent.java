package io.pvepanel.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert announcement on {@link Topics#ALERT_EVENTS}: type {@code alert.firing} (first
 * announcement), {@code alert.repeat} (still firing, once per repeat interval) or {@code
 * alert.resolved}.
 *
 * @param alertId stable for one firing episode of one (rule, server)
 * @param metric {@code cpu}, {@code memory}, {@code disk}, {@code net_in}, {@code net_out} or
 *     {@code status_down}
 * @param operator {@code >}, {@code >=}, {@code <}, {@code <=}
 * @param value the observed value that caused the announcement (percent or bytes/s)
 */
public record AlertEvent(
    UUID eventId,
    String type,
    int version,
    Instant occurredAt,
    String serverId,
    String ownerId,
    String ownerEmail,
    String serverName,
    String alertId,
    String ruleId,
    String ruleName,
    String metric,
    String operator,
    double threshold,
    Double value,
    Instant startsAt,
    Instant endsAt)
    implements Event {

  public static final int VERSION = 1;
  public static final String FIRING = "alert.firing";
  public static final String REPEAT = "alert.repeat";
  public static final String RESOLVED = "alert.resolved";
}
