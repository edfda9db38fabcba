package io.pvepanel.notification.mail;

/**
 * What became of one SMTP transaction.
 *
 * <p>{@link Sent} only when the server answered 250 to the end of DATA; {@link Transient} for 4xx
 * replies, dropped connections, timeouts and connect failures (try again later); {@link Permanent}
 * for 5xx replies and messages that can never be sent (e.g. an invalid address).
 */
public sealed interface SendOutcome {

  /** The SMTP reply code, or -1 when there was none (e.g. the connection dropped). */
  int replyCode();

  /** Human-readable reason; empty for {@link Sent}. */
  String message();

  record Sent() implements SendOutcome {
    @Override
    public int replyCode() {
      return 250;
    }

    @Override
    public String message() {
      return "";
    }
  }

  record Transient(int replyCode, String message) implements SendOutcome {}

  record Permanent(int replyCode, String message) implements SendOutcome {}
}
