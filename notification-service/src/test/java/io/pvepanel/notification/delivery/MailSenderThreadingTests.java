package io.pvepanel.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.notification.mail.MailProperties;
import io.pvepanel.notification.mail.MailSender;
import io.pvepanel.notification.mail.OutgoingMail;
import io.pvepanel.notification.mail.SendOutcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Mail blocks: sends run on the dedicated {@code smtp-send} threads, never the caller's.
 */
class MailSenderThreadingTests {

  @Test
  void sendsRunOnTheSmtpThreadsAndReportTheServersReply() throws Exception {
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer();
        MailSender sender = new MailSender(MailProperties.local("127.0.0.1", smtp.port(), 2))) {
      smtp.script("later@example.test", ScriptedSmtpServer.Step.RCPT_451);
      AtomicReference<String> thread = new AtomicReference<>();
      SendOutcome ok =
          sender
              .send(new OutgoingMail("ok@example.test", "s", "t", "<p>h</p>", "id-1@test"))
              .doOnNext(o -> thread.set(Thread.currentThread().getName()))
              .block(Duration.ofSeconds(10));
      assertThat(ok).isInstanceOf(SendOutcome.Sent.class);
      assertThat(thread.get()).startsWith("smtp-send");
      assertThat(smtp.acceptedFor("ok@example.test").get(0).data())
          .contains("Message-ID: <id-1@test>");

      SendOutcome later =
          sender
              .send(new OutgoingMail("later@example.test", "s", "t", "<p>h</p>", null))
              .block(Duration.ofSeconds(10));
      assertThat(later)
          .isInstanceOfSatisfying(
              SendOutcome.Transient.class, t -> assertThat(t.replyCode()).isEqualTo(451));
    }
  }
}
