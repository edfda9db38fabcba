package io.pvepanel.testsupport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The in-process SMTP server (GreenMail) the tests deliver mail to, on a free port. */
public final class TestMailServer {

  private TestMailServer() {}

  /**
   * A GreenMail SMTP server on a dynamic loopback port that accepts any sender and recipient.
   * Register it with {@code @RegisterExtension static GreenMailExtension smtp =
   * TestMailServer.smtp();}.
   */
  public static GreenMailExtension smtp() {
    ServerSetup setup = ServerSetupTest.SMTP.dynamicPort();
    return new GreenMailExtension(setup)
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
        .withPerMethodLifecycle(false);
  }

  /** Points the notification service's mail settings ({@code notification.mail.*}) at it. */
  public static void registerSpringProperties(
      GreenMailExtension smtp, DynamicPropertyRegistry registry) {
    registry.add("notification.mail.host", () -> "127.0.0.1");
    registry.add("notification.mail.port", () -> smtp.getSmtp().getPort());
  }
}
