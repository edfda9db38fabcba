package io.pvepanel.notification.mail;

import java.util.Objects;

/**
 * One message to one recipient.
 *
 * @param messageId the Message-ID header without angle brackets; stable per delivery so a resend
 *     after a crash can be recognised by the recipient's mail client. May be null.
 */
public record OutgoingMail(
    String recipient, String subject, String text, String html, String messageId) {

  public OutgoingMail {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(html, "html");
  }
}
