package io.pvepanel.notification.mail;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMTP server mail is handed to; bound from {@code notification.mail.*}.
 *
 * @param host SMTP host. Default {@code localhost}.
 * @param port SMTP port. Default {@code 25}.
 * @param transport {@code plain} (no TLS at all), {@code starttls} (STARTTLS required) or {@code
 *     smtps} (TLS from the first byte). Default {@code plain}.
 * @param username SMTP AUTH user, from the environment ({@code MAIL_USERNAME}); none when blank
 * @param password SMTP AUTH password, from the environment ({@code MAIL_PASSWORD}); never logged
 * @param fromAddress the envelope and header sender. Default {@code noreply@pvepanel.local}.
 * @param fromName the sender's display name. Default {@code pvepanel}.
 * @param heloName the name sent in EHLO; when blank the JVM's host name is used
 * @param connectTimeout TCP connect timeout. Default 10 s.
 * @param readTimeout socket read and write timeout for each SMTP command. Default 30 s.
 * @param poolSize SMTP connections kept open and reused, and the number of threads that send.
 *     Default 4.
 * @param idleTimeout a pooled connection idle this long is closed (keep it under the server's idle
 *     timeout). Default 20 s.
 */
@Validated
@ConfigurationProperties("notification.mail")
public record MailProperties(
    @NotBlank @DefaultValue("localhost") String host,
    @Min(1) @Max(65535) @DefaultValue("25") int port,
    @NotNull @DefaultValue("plain") Transport transport,
    String username,
    String password,
    @NotBlank @Email @DefaultValue("noreply@pvepanel.local") String fromAddress,
    @DefaultValue("pvepanel") String fromName,
    String heloName,
    @NotNull @DefaultValue("10s") Duration connectTimeout,
    @NotNull @DefaultValue("30s") Duration readTimeout,
    @Min(1) @Max(64) @DefaultValue("4") int poolSize,
    @NotNull @DefaultValue("20s") Duration idleTimeout) {

  /** How the connection to the SMTP server is secured. */
  public enum Transport {
    PLAIN,
    STARTTLS,
    SMTPS
  }

  /** Settings for a local, unauthenticated, plain SMTP server (tests and benchmarks). */
  public static MailProperties local(String host, int port, int poolSize) {
    return new MailProperties(
        host,
        port,
        Transport.PLAIN,
        null,
        null,
        "noreply@pvepanel.local",
        "pvepanel",
        "localhost",
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        poolSize,
        Duration.ofSeconds(20));
  }

  @Override
  public String toString() {
    return "MailProperties[host="
        + host
        + ", port="
        + port
        + ", transport="
        + transport
        + ", username="
        + username
        + ", password="
        + (password == null || password.isEmpty() ? "<none>" : "<set>")
        + ", from="
        + fromAddress
        + ", poolSize="
        + poolSize
        + "]";
  }
}
