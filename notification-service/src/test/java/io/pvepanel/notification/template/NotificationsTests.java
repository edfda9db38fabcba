package io.pvepanel.notification.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.ServerEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationsTests {

  static AlertEvent alert(String type, String metric, Double value, double threshold, String name) {
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    return new AlertEvent(
        UUID.randomUUID(),
        type,
        1,
        at,
        "42",
        "7",
        "o@example.test",
        name,
        "a",
        "r",
        "<script>alert(1)</script>",
        metric,
        ">",
        threshold,
        value,
        at,
        null);
  }

  @Test
  void everyInterpolatedValueIsEscapedInHtml() {
    RenderedMail mail =
        Notifications.of(alert(AlertEvent.FIRING, "cpu", 95.0, 90, "a&b \"q\" 'x'"))
            .orElseThrow()
            .mail();
    assertThat(mail.html())
        .contains("a&amp;b &quot;q&quot; &#39;x&#39;")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>");
    assertThat(mail.text()).contains("<script>alert(1)</script>").contains("a&b \"q\" 'x'");
    assertThat(mail.subject()).isEqualTo("[pvepanel] Alert on a&b \"q\" 'x': CPU 95 %");
  }

  @Test
  void subjectsNeverCarryLineBreaks() {
    RenderedMail mail =
        Notifications.of(alert(AlertEvent.FIRING, "cpu", 95.0, 90, "evil\r\nBcc: x@y"))
            .orElseThrow()
            .mail();
    assertThat(mail.subject()).doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void valuesAreFormattedPerMetric() {
    assertThat(Notifications.value("cpu", 95.0)).isEqualTo("95 %");
    assertThat(Notifications.value("memory", 87.25)).isEqualTo("87.3 %");
    assertThat(Notifications.value("net_in", 12_500_000.0)).isEqualTo("12.5 MB/s");
    assertThat(Notifications.value("disk", null)).isEqualTo("no data");
  }

  @Test
  void kindsFollowEventTypes() {
    assertThat(
            Notifications.of(alert(AlertEvent.REPEAT, "cpu", 95.0, 90, "w")).orElseThrow().kind())
        .isEqualTo(NotificationKind.ALERT_FIRING);
    assertThat(
            Notifications.of(alert(AlertEvent.RESOLVED, "cpu", 5.0, 90, "w")).orElseThrow().kind())
        .isEqualTo(NotificationKind.ALERT_RESOLVED);
    Instant now = Instant.now();
    ServerEvent failed =
        new ServerEvent(
            UUID.randomUUID(),
            ServerEvent.OPERATION_FAILED,
            1,
            now,
            "42",
            "7",
            "o@example.test",
            "web",
            "stopped",
            new ServerEvent.Operation("op", "snapshot.create", "failed", "disk <full>", now, now));
    RenderedMail mail = Notifications.of(failed).orElseThrow().mail();
    assertThat(mail.subject()).isEqualTo("[pvepanel] snapshot.create on web failed");
    assertThat(mail.html()).contains("disk &lt;full&gt;");
    ServerEvent status =
        new ServerEvent(
            UUID.randomUUID(),
            ServerEvent.STATUS_CHANGED,
            1,
            now,
            "42",
            "7",
            null,
            "web",
            "running",
            null);
    assertThat(Notifications.of(status)).isEmpty();
  }

  @Test
  void eventsWithoutIdentityAreRefused() {
    AlertEvent e = alert(AlertEvent.FIRING, "cpu", 95.0, 90, "w");
    AlertEvent noOwner =
        new AlertEvent(
            e.eventId(),
            e.type(),
            1,
            e.occurredAt(),
            "42",
            null,
            null,
            "w",
            "a",
            "r",
            "n",
            "cpu",
            ">",
            90,
            95.0,
            null,
            null);
    assertThatThrownBy(() -> Notifications.of(noOwner))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
