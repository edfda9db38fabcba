package io.pvepanel.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpFailuresTests {

  static InternetAddress to() throws Exception {
    return new InternetAddress("x@example.test");
  }

  static RuntimeException wrapped(Exception e) {
    // simple-java-mail's shape: MailerException(cause = the Jakarta Mail exception)
    return new RuntimeException("Third party error", e);
  }

  static SendFailedException rcpt(int code) throws Exception {
    SendFailedException top = new SendFailedException("Invalid Addresses");
    top.setNextException(
        new SMTPAddressFailedException(to(), "RCPT TO:<x@example.test>", code, code + " nope"));
    return top;
  }

  @Test
  void fiveHundredsArePermanent() throws Exception {
    assertThat(SmtpFailures.classify(wrapped(rcpt(550))))
        .isInstanceOfSatisfying(
            SendOutcome.Permanent.class, p -> assertThat(p.replyCode()).isEqualTo(550));
    SMTPSendFailedException data =
        new SMTPSendFailedException(".", 554, "554 rejected", null, null, null, null);
    assertThat(SmtpFailures.classify(wrapped(data))).isInstanceOf(SendOutcome.Permanent.class);
  }

  @Test
  void fourHundredsAreTransient() throws Exception {
    for (int code : new int[] {421, 450, 451, 452}) {
      assertThat(SmtpFailures.classify(wrapped(rcpt(code))))
          .isInstanceOfSatisfying(
              SendOutcome.Transient.class, t -> assertThat(t.replyCode()).isEqualTo(code));
    }
    SMTPSendFailedException data =
        new SMTPSendFailedException(".", 451, "451 later", null, null, null, null);
    assertThat(SmtpFailures.classify(wrapped(data))).isInstanceOf(SendOutcome.Transient.class);
  }

  @Test
  void droppedConnectionsAndConnectFailuresAreTransient() {
    assertThat(
            SmtpFailures.classify(
                wrapped(
                    new MessagingException("Can't send command", new SocketException("reset")))))
        .isInstanceOf(SendOutcome.Transient.class);
    assertThat(
            SmtpFailures.classify(
                wrapped(new MessagingException("connect", new ConnectException()))))
        .isInstanceOf(SendOutcome.Transient.class);
    SMTPSendFailedException eof =
        new SMTPSendFailedException(".", -1, "[EOF]", null, null, null, null);
    assertThat(SmtpFailures.classify(wrapped(eof))).isInstanceOf(SendOutcome.Transient.class);
    assertThat(SmtpFailures.classify(new IllegalStateException("?")))
        .isInstanceOf(SendOutcome.Transient.class);
  }
}
