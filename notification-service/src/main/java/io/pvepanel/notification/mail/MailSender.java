package io.pvepanel.notification.mail;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.email.EmailPopulatingBuilder;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends mail through one long-lived simple-java-mail {@link Mailer} whose SMTP connections are
 * pooled and reused (simple-java-mail's batch module). A connection that failed is discarded, never
 * reused.
 *
 * <p>Jakarta Mail blocks, so every send runs on a dedicated bounded scheduler ({@code smtp-send-*},
 * as many threads as pooled connections) and never on an event-loop thread. {@link #send} never
 * fails: the outcome says what the server answered.
 */
public final class MailSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MailSender.class);

  private final MailProperties properties;
  private final Mailer mailer;
  private final Scheduler scheduler;

  public MailSender(MailProperties properties) {
    this.properties = properties;
    TransportStrategy strategy =
        switch (properties.transport()) {
          case PLAIN -> TransportStrategy.SMTP;
          case STARTTLS -> TransportStrategy.SMTP_TLS;
          case SMTPS -> TransportStrategy.SMTPS;
        };
    String user = blankToNull(properties.username());
    String password = blankToNull(properties.password());
    this.mailer =
        MailerBuilder.withSMTPServer(properties.host(), properties.port(), user, password)
            .withTransportStrategy(strategy)
            .withSessionTimeout(millis(properties.readTimeout()))
            .withConnectionPoolCoreSize(0)
            .withConnectionPoolMaxSize(properties.poolSize())
            .withConnectionPoolExpireAfterMillis(millis(properties.idleTimeout()))
            .withConnectionPoolClaimTimeoutMillis(millis(properties.connectTimeout()) * 2)
            .withThreadPoolSize(1)
            .buildMailer();
    Properties session = mailer.getSession().getProperties();
    session.put(
        strategy.propertyNameConnectionTimeout(),
        String.valueOf(millis(properties.connectTimeout())));
    String prefix = strategy == TransportStrategy.SMTPS ? "mail.smtps." : "mail.smtp.";
    if (properties.transport() == MailProperties.Transport.PLAIN) {
      // "plain" means no TLS at all; simple-java-mail's SMTP strategy would try STARTTLS
      session.put("mail.smtp.starttls.enable", "false");
      session.put("mail.smtp.starttls.required", "false");
    }
    if (blankToNull(properties.heloName()) != null) {
      session.put(prefix + "localhost", properties.heloName());
    }
    this.scheduler =
        Schedulers.newBoundedElastic(properties.poolSize(), 100_000, "smtp-send", 60, true);
    log.info("Mail goes to {}", properties);
  }

  /** Sends one message; completes with the outcome, on a {@code smtp-send} thread. */
  public Mono<SendOutcome> send(OutgoingMail mail) {
    return Mono.fromCallable(() -> sendBlocking(mail))
        .subscribeOn(scheduler)
        .onErrorResume(e -> Mono.just(SmtpFailures.classify(e)));
  }

  private SendOutcome sendBlocking(OutgoingMail mail) {
    EmailPopulatingBuilder builder =
        EmailBuilder.startingBlank()
            .from(blankToNull(properties.fromName()), properties.fromAddress())
            .to(mail.recipient())
            .withSubject(mail.subject())
            .withPlainText(mail.text())
            .withHTMLText(mail.html());
    if (mail.messageId() != null) {
      builder.fixingMessageId("<" + mail.messageId() + ">");
    }
    Email email = builder.buildEmail();
    // synchronous on this thread: returns only after the server accepted the end of DATA (250)
    mailer.sendMail(email, false);
    return new SendOutcome.Sent();
  }

  /** Closes the pooled connections and the sending threads. */
  @Override
  public void close() {
    scheduler.dispose();
    try {
      mailer.shutdownConnectionPool().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("SMTP pool shutdown: {}", e.toString());
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
