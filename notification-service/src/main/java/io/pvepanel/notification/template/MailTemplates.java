package io.pvepanel.notification.template;

import java.util.EnumMap;
import java.util.Map;

/**
 * The text and HTML templates of each {@link NotificationKind}. Every interpolated value is
 * HTML-escaped in the HTML part; the subject has line breaks removed.
 */
final class MailTemplates {

  private record Kind(Template subject, Template text, Template html) {}

  private static final String FOOTER_TEXT =
      """

      You receive this mail because these notifications are enabled in your
      notification settings of the control panel.
      --\s
      pvepanel
      """;

  private static final String HTML_HEAD =
      """
      <!DOCTYPE html>
      <html><head><meta charset="utf-8"><title>{{subject}}</title></head>
      <body style="font-family:sans-serif;color:#222">
      """;

  private static final String HTML_FOOT =
      """
      <p style="color:#777;font-size:small">You receive this mail because these notifications are
      enabled in your notification settings of the control panel.</p>
      </body></html>
      """;

  private static final Map<NotificationKind, Kind> KINDS = new EnumMap<>(NotificationKind.class);

  static {
    KINDS.put(
        NotificationKind.ALERT_FIRING,
        new Kind(
            new Template("[pvepanel] {{headline}} on {{serverName}}: {{metric}} {{value}}"),
            new Template(
                """
                Hello,

                {{intro}}

                  Server:    {{serverName}}
                  Alert:     {{ruleName}}
                  Metric:    {{metric}}
                  Value:     {{value}}
                  Threshold: {{operator}} {{threshold}}
                  Since:     {{since}}
                """
                    + FOOTER_TEXT),
            new Template(
                HTML_HEAD
                    + """
                    <p>Hello,</p>
                    <p>{{intro}}</p>
                    <table cellpadding="4">
                    <tr><th align="left">Server</th><td>{{serverName}}</td></tr>
                    <tr><th align="left">Alert</th><td>{{ruleName}}</td></tr>
                    <tr><th align="left">Metric</th><td>{{metric}}</td></tr>
                    <tr><th align="left">Value</th><td><strong>{{value}}</strong></td></tr>
                    <tr><th align="left">Threshold</th><td>{{operator}} {{threshold}}</td></tr>
                    <tr><th align="left">Since</th><td>{{since}}</td></tr>
                    </table>
                    """
                    + HTML_FOOT)));
    KINDS.put(
        NotificationKind.ALERT_RESOLVED,
        new Kind(
            new Template("[pvepanel] Resolved on {{serverName}}: {{ruleName}}"),
            new Template(
                """
                Hello,

                the alert "{{ruleName}}" on your server {{serverName}} is resolved.

                  Server:     {{serverName}}
                  Metric:     {{metric}}
                  Last value: {{value}}
                  Threshold:  {{operator}} {{threshold}}
                  Firing:     {{since}} to {{until}}
                """
                    + FOOTER_TEXT),
            new Template(
                HTML_HEAD
                    + """
                    <p>Hello,</p>
                    <p>the alert &quot;{{ruleName}}&quot; on your server <strong>{{serverName}}</strong> is resolved.</p>
                    <table cellpadding="4">
                    <tr><th align="left">Server</th><td>{{serverName}}</td></tr>
                    <tr><th align="left">Metric</th><td>{{metric}}</td></tr>
                    <tr><th align="left">Last value</th><td>{{value}}</td></tr>
                    <tr><th align="left">Threshold</th><td>{{operator}} {{threshold}}</td></tr>
                    <tr><th align="left">Firing</th><td>{{since}} to {{until}}</td></tr>
                    </table>
                    """
                    + HTML_FOOT)));
    KINDS.put(
        NotificationKind.PASSWORD_CHANGED,
        new Kind(
            new Template("[pvepanel] The root password of {{serverName}} was changed"),
            new Template(
                """
                Hello,

                the root password of your server {{serverName}} was changed at {{at}}.

                If you did not do this, contact support immediately.
                """
                    + FOOTER_TEXT),
            new Template(
                HTML_HEAD
                    + """
                    <p>Hello,</p>
                    <p>the root password of your server <strong>{{serverName}}</strong> was changed at {{at}}.</p>
                    <p>If you did not do this, contact support immediately.</p>
                    """
                    + HTML_FOOT)));
    KINDS.put(
        NotificationKind.SERVER_DELETED,
        new Kind(
            new Template("[pvepanel] Server {{serverName}} was deleted"),
            new Template(
                """
                Hello,

                your server {{serverName}} was deleted at {{at}}. Its data is gone.
                """
                    + FOOTER_TEXT),
            new Template(
                HTML_HEAD
                    + """
                    <p>Hello,</p>
                    <p>your server <strong>{{serverName}}</strong> was deleted at {{at}}. Its data is gone.</p>
                    """
                    + HTML_FOOT)));
    KINDS.put(
        NotificationKind.OPERATION_FAILED,
        new Kind(
            new Template("[pvepanel] {{operation}} on {{serverName}} failed"),
            new Template(
                """
                Hello,

                the operation "{{operation}}" on your server {{serverName}} failed at {{at}}.

                  Error: {{error}}
                """
                    + FOOTER_TEXT),
            new Template(
                HTML_HEAD
                    + """
                    <p>Hello,</p>
                    <p>the operation &quot;{{operation}}&quot; on your server <strong>{{serverName}}</strong> failed at {{at}}.</p>
                    <p>Error: <code>{{error}}</code></p>
                    """
                    + HTML_FOOT)));
  }

  static {
    KINDS.put(
        NotificationKind.CONTACT_CONFIRMATION,
        new Kind(
            new Template("[pvepanel] Confirm your notification address"),
            new Template(
                """
                Hello,

                this address was entered as the notification address of an account of the
                control panel. It receives no notifications until it is confirmed.

                  Confirmation code: {{code}}
                  Valid until:       {{until}}
                {{linkText}}
                Enter the code in the panel's notification settings while signed in.
                If you did not ask for this, ignore this mail: nothing else will be sent here.
                --\s
                pvepanel
                """),
            new Template(
                HTML_HEAD
                    + """
                    <p>Hello,</p>
                    <p>this address was entered as the notification address of an account of the
                    control panel. It receives no notifications until it is confirmed.</p>
                    <p>Confirmation code: <strong><code>{{code}}</code></strong><br>
                    Valid until: {{until}}</p>
                    <p>{{linkHtml}}</p>
                    <p>Enter the code in the panel's notification settings while signed in.
                    If you did not ask for this, ignore this mail: nothing else will be sent here.</p>
                    </body></html>
                    """)));
  }

  private MailTemplates() {}

  static RenderedMail render(NotificationKind kind, Map<String, String> values) {
    Kind k = KINDS.get(kind);
    String subject = k.subject().renderLine(values);
    Map<String, String> withSubject = new java.util.HashMap<>(values);
    withSubject.put("subject", subject);
    return new RenderedMail(
        subject, k.text().renderText(withSubject), k.html().renderHtml(withSubject));
  }
}
