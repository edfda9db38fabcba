package io.pvepanel.localsuite;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class MailCatcherTests {

  @Test
  void receivedMailsAreListedAsJson() throws Exception {
    try (MailCatcher catcher = MailCatcher.start(0)) {
      Properties props = new Properties();
      props.put("mail.smtp.host", "127.0.0.1");
      props.put("mail.smtp.port", Integer.toString(catcher.smtpPort()));
      Session session = Session.getInstance(props);
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress("noreply@pvepanel.local"));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress("user1@demo.test"));
      m.setSubject("hot01 is running hot");
      m.setText("CPU above 90 % for 5 minutes");
      Transport.send(m);

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(catcher.url())).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
      List<Map<String, Object>> mails =
          JsonMapper.builder().build().readValue(r.body(), new TypeReference<>() {});
      assertThat(mails).hasSize(1);
      Map<String, Object> mail = mails.get(0);
      assertThat(mail)
          .containsEntry("to", "user1@demo.test")
          .containsEntry("subject", "hot01 is running hot")
          .containsEntry("text", "CPU above 90 % for 5 minutes")
          .containsKey("receivedAt");
      assertThat(mail.keySet()).containsExactly("to", "subject", "text", "receivedAt");

      HttpResponse<String> purged =
          http.send(
              HttpRequest.newBuilder(URI.create(catcher.url())).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(purged.body()).isEqualTo("[]");
    }
  }

  @Test
  void emptyListWhenNoMail() throws Exception {
    assertThat(MailCatcher.toJson(new MimeMessage[0])).isEqualTo("[]");
  }
}
