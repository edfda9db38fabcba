package io.pvepanel.localsuite;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GreenMail SMTP server on a free loopback port that accepts every mail, and an HTTP endpoint
 * {@code GET /mails} answering {@code [{"to","subject","text","receivedAt"}]} (oldest first).
 */
public final class MailCatcher implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GreenMail smtp;
  private final HttpServer http;

  private MailCatcher(GreenMail smtp, HttpServer http) {
    this.smtp = smtp;
    this.http = http;
  }

  /** Starts SMTP on a free port and the HTTP endpoint on {@code httpPort} (0: a free one). */
  public static MailCatcher start(int httpPort) throws IOException {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    smtp.start();
    HttpServer http;
    try {
      http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 16);
    } catch (IOException e) {
      smtp.stop();
      throw e;
    }
    http.setExecutor(Executors.newSingleThreadExecutor(daemon("mail-catcher-http")));
    MailCatcher catcher = new MailCatcher(smtp, http);
    http.createContext("/mails", catcher::handle);
    http.start();
    return catcher;
  }

  public int smtpPort() {
    return smtp.getSmtp().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/mails";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      int status;
      if ("DELETE".equals(ex.getRequestMethod())) {
        try {
          smtp.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
          throw new IOException(e);
        }
        body = "[]".getBytes(StandardCharsets.UTF_8);
        status = 200;
      } else if ("GET".equals(ex.getRequestMethod())) {
        try {
          body = toJson(smtp.getReceivedMessages()).getBytes(StandardCharsets.UTF_8);
          status = 200;
        } catch (Exception e) {
          body =
              ("{\"error\":" + JSON.writeValueAsString(String.valueOf(e.getMessage())) + "}")
                  .getBytes(StandardCharsets.UTF_8);
          status = 500;
        }
      } else {
        ex.getResponseHeaders().add("Allow", "GET, DELETE");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The JSON the endpoint answers for these messages. */
  static String toJson(MimeMessage[] messages) throws MessagingException, IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MimeMessage m : messages) {
      Map<String, Object> mail = new LinkedHashMap<>();
      mail.put("to", recipients(m));
      mail.put("subject", m.getSubject());
      mail.put("text", text(m));
      Date at = m.getReceivedDate() != null ? m.getReceivedDate() : m.getSentDate();
      mail.put("receivedAt", (at == null ? Instant.now() : at.toInstant()).toString());
      out.add(mail);
    }
    return JSON.writeValueAsString(out);
  }

  private static String recipients(MimeMessage m) throws MessagingException {
    Address[] to = m.getRecipients(Message.RecipientType.TO);
    if (to == null) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (Address a : to) {
      names.add(
          a instanceof jakarta.mail.internet.InternetAddress ia ? ia.getAddress() : a.toString());
    }
    return String.join(", ", names);
  }

  /** The text/plain content (the first one of a multipart), else the HTML, else empty. */
  static String text(Part part) throws MessagingException, IOException {
    String plain = find(part, "text/plain");
    if (plain != null) {
      return plain;
    }
    String html = find(part, "text/html");
    return html == null ? "" : html;
  }

  private static String find(Part part, String type) throws MessagingException, IOException {
    if (part.isMimeType(type)) {
      Object c = part.getContent();
      return c instanceof String s ? s.strip() : null;
    }
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart bp = mp.getBodyPart(i);
        String s = find(bp, type);
        if (s != null) {
          return s;
        }
      }
    }
    return null;
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    http.stop(0);
    smtp.stop();
  }
}
