package io.pvepanel.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.simplejavamail.MailException;

/**
 * Classifies a failed send by RFC 5321 reply code, found anywhere in the exception chain
 * (simple-java-mail wraps Jakarta Mail's exceptions, which chain their own through {@code
 * getNextException}).
 *
 * <ul>
 *   <li>a 5xx reply anywhere → permanent;
 *   <li>a 4xx reply → transient;
 *   <li>an {@link IOException} (connection refused, reset, timed out, dropped mid-DATA) or an SMTP
 *       exception without a reply ({@code [EOF]}, code -1) → transient;
 *   <li>a simple-java-mail validation error with no SMTP conversation behind it (bad address,
 *       header injection) → permanent;
 *   <li>anything else → transient, so the delivery deadline decides.
 * </ul>
 */
public final class SmtpFailures {

  private SmtpFailures() {}

  public static SendOutcome classify(Throwable failure) {
    int code = -1;
    boolean io = false;
    boolean smtp = false;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(failure);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (t == null || !seen.add(t)) {
        continue;
      }
      int c = replyCode(t);
      if (c >= 500 && c <= 599) {
        return new SendOutcome.Permanent(c, describe(t));
      }
      if (c >= 400 && c <= 499) {
        code = c;
      }
      if (t instanceof IOException) {
        io = true;
      }
      if (t instanceof MessagingException m) {
        smtp = true;
        if (m.getNextException() != null) {
          todo.add(m.getNextException());
        }
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    String message = describe(failure);
    if (code > 0 || io || smtp) {
      return new SendOutcome.Transient(code, message);
    }
    if (failure instanceof MailException && !(failure.getCause() instanceof RuntimeException)) {
      // simple-java-mail refused the message itself (validation); the server never saw it
      return new SendOutcome.Permanent(-1, message);
    }
    return new SendOutcome.Transient(-1, message);
  }

  /**
   * What a customer may read about a failed attempt (the delivery log, {@code GET
   * /api/notifications}): a fixed text per outcome and reply-code class. The server's own reply can
   * name internal hosts, addresses, policies or other recipients; it goes to the service log only.
   */
  public static String customerText(SendOutcome outcome) {
    int code = outcome.replyCode();
    if (outcome instanceof SendOutcome.Permanent) {
      return code >= 500 && code <= 599
          ? "mail server refused the message (5xx)"
          : "message could not be sent (invalid address or content)";
    }
    if (outcome instanceof SendOutcome.Transient) {
      return code >= 400 && code <= 499
          ? "mail server deferred the message (4xx)"
          : "mail server not reachable or connection lost";
    }
    return "";
  }

  private static int replyCode(Throwable t) {
    if (t instanceof SMTPSendFailedException e) {
      return e.getReturnCode();
    }
    if (t instanceof SMTPAddressFailedException e) {
      return e.getReturnCode();
    }
    if (t instanceof SMTPSenderFailedException e) {
      return e.getReturnCode();
    }
    return -1;
  }

  /** The most specific message of the chain: the server's reply where there is one. */
  private static String describe(Throwable failure) {
    Throwable deepest = failure;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable t = failure;
    while (t != null && seen.add(t)) {
      if (replyCode(t) > 0 || t instanceof IOException) {
        deepest = t;
        break;
      }
      if (t instanceof SendFailedException s && s.getNextException() != null) {
        t = s.getNextException();
      } else {
        t = t.getCause();
      }
      if (t != null) {
        deepest = t;
      }
    }
    String text = deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
    text = text.replaceAll("[\\r\\n]+", " ").strip();
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
