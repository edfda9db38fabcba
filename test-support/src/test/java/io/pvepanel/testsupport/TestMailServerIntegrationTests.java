package io.pvepanel.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestMailServerIntegrationTests {

  @RegisterExtension static GreenMailExtension smtp = TestMailServer.smtp();

  @Test
  void receivesMailOverSmtp() throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
    MimeMessage message = new MimeMessage(Session.getInstance(props));
    message.setFrom(new InternetAddress("panel@example.test"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("owner@example.test"));
    message.setSubject("probe");
    message.setText("hello");
    Transport.send(message);

    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("probe");
  }
}
