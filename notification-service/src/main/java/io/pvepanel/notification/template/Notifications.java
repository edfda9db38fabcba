package io.pvepanel.notification.template;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.ServerEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the events worth telling a customer into rendered notifications; every other event type is
 * ignored (empty). Events without the identity a notification needs are refused with {@link
 * IllegalArgumentException}, so they end in the dead-letter topic.
 */
public final class Notifications {

  /** A notification for the owner of a server, before the recipient is chosen. */
  public record Notification(
      NotificationKind kind,
      UUID eventId,
      String serverId,
      String ownerId,
      String ownerEmail,
      RenderedMail mail) {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Notifications() {}

  public static Optional<Notification> of(AlertEvent e) {
    NotificationKind kind;
    if (AlertEvent.FIRING.equals(e.type()) || AlertEvent.REPEAT.equals(e.type())) {
      kind = NotificationKind.ALERT_FIRING;
    } else if (AlertEvent.RESOLVED.equals(e.type())) {
      kind = NotificationKind.ALERT_RESOLVED;
    } else {
      return Optional.empty();
    }
    requireIdentity(e.eventId(), e.ownerId());
    Map<String, String> v = new HashMap<>();
    String server = serverName(e.serverName(), e.serverId());
    String metric = metricLabel(e.metric());
    boolean down = "status_down".equals(e.metric());
    v.put("serverName", server);
    v.put("ruleName", e.ruleName() == null ? metric : e.ruleName());
    v.put("metric", metric);
    v.put("operator", down ? "" : nullToEmpty(e.operator()));
    v.put(
        "value",
        down ? (e.value() == null ? "no data" : "not running") : value(e.metric(), e.value()));
    v.put("threshold", down ? "server not running" : value(e.metric(), e.threshold()));
    v.put("since", time(e.startsAt() != null ? e.startsAt() : e.occurredAt()));
    v.put("until", time(e.endsAt() != null ? e.endsAt() : e.occurredAt()));
    boolean repeat = AlertEvent.REPEAT.equals(e.type());
    v.put("headline", repeat ? "Still firing" : "Alert");
    v.put(
        "intro",
        (repeat
                ? "the alert \"%s\" is still firing for your server %s."
                : "the alert \"%s\" is firing for your server %s.")
            .formatted(v.get("ruleName"), server));
    return Optional.of(
        new Notification(
            kind,
            e.eventId(),
            e.serverId(),
            e.ownerId(),
            e.ownerEmail(),
            MailTemplates.render(kind, v)));
  }

  public static Optional<Notification> of(ServerEvent e) {
    NotificationKind kind =
        switch (e.type() == null ? "" : e.type()) {
          case ServerEvent.PASSWORD_CHANGED -> NotificationKind.PASSWORD_CHANGED;
          case ServerEvent.DELETED -> NotificationKind.SERVER_DELETED;
          case ServerEvent.OPERATION_FAILED -> NotificationKind.OPERATION_FAILED;
          default -> null;
        };
    if (kind == null) {
      return Optional.empty();
    }
    requireIdentity(e.eventId(), e.ownerId());
    Map<String, String> v = new HashMap<>();
    v.put("serverName", serverName(e.serverName(), e.serverId()));
    v.put("at", time(e.occurredAt()));
    ServerEvent.Operation op = e.operation();
    v.put("operation", op == null || op.kind() == null ? "operation" : op.kind());
    v.put("error", op == null || op.error() == null ? "unknown error" : op.error());
    return Optional.of(
        new Notification(
            kind,
            e.eventId(),
            e.serverId(),
            e.ownerId(),
            e.ownerEmail(),
            MailTemplates.render(kind, v)));
  }

  /**
   * The confirmation mail of a newly chosen address: the one-time code, when it expires and, when
   * the panel's address is configured, a link to the dashboard page that confirms it. Holds no text
   * a customer chose.
   *
   * @param link the confirmation link, or null
   */
  public static RenderedMail confirmation(String code, Instant validUntil, String link) {
    Map<String, String> v = new HashMap<>();
    v.put("code", code);
    v.put("until", time(validUntil));
    v.put("linkText", link == null ? "" : "\n  Or open: " + link + "\n");
    // the HTML template escapes the whole value; a link is added as text, not markup
    v.put("linkHtml", link == null ? "" : "Or open: " + link);
    return MailTemplates.render(NotificationKind.CONTACT_CONFIRMATION, v);
  }

  private static void requireIdentity(UUID eventId, String ownerId) {
    if (eventId == null) {
      throw new IllegalArgumentException("event has no eventId");
    }
    if (ownerId == null || ownerId.isBlank()) {
      throw new IllegalArgumentException("event " + eventId + " has no ownerId");
    }
  }

  static String metricLabel(String metric) {
    if (metric == null) {
      return "metric";
    }
    return switch (metric) {
      case "cpu" -> "CPU";
      case "memory" -> "Memory";
      case "disk" -> "Disk";
      case "net_in" -> "Inbound traffic";
      case "net_out" -> "Outbound traffic";
      case "status_down" -> "Server down";
      default -> metric;
    };
  }

  /** Percent metrics as {@code 95 %}, traffic as {@code 12.5 MB/s}, no data as {@code no data}. */
  static String value(String metric, Double value) {
    if (value == null || value.isNaN()) {
      return "no data";
    }
    if ("net_in".equals(metric) || "net_out".equals(metric)) {
      double v = value;
      String[] units = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s"};
      int u = 0;
      while (Math.abs(v) >= 1000 && u < units.length - 1) {
        v /= 1000;
        u++;
      }
      return number(v) + " " + units[u];
    }
    return number(value) + " %";
  }

  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String time(Instant at) {
    return at == null ? "unknown time" : TIME.format(at);
  }

  private static String serverName(String name, String id) {
    if (name != null && !name.isBlank()) {
      return name;
    }
    return id == null ? "(unknown server)" : "#" + id;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
