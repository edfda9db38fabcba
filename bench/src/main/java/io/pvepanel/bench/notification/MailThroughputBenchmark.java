package io.pvepanel.bench.notification;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.notification.mail.MailProperties;
import io.pvepanel.notification.mail.MailSender;
import io.pvepanel.notification.mail.OutgoingMail;
import io.pvepanel.notification.mail.SendOutcome;
import io.pvepanel.notification.template.Notifications;
import io.pvepanel.notification.template.RenderedMail;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * Mail throughput of notification-service's sending path to a local SMTP server: each message is
 * rendered from an {@link AlertEvent} (text + HTML templates) and sent through {@link MailSender}
 * (simple-java-mail over pooled, reused SMTP connections, sends on the {@code smtp-send} threads),
 * {@code poolSize} in flight at once. One operation = one message accepted with 250. The server is
 * {@link FastSmtpServer}, an in-process sink that answers at once, so this measures the client side
 * (MIME building, SMTP round trips over loopback). Goal: at least 200 messages/s.
 *
 * <pre>java -jar bench/target/benchmarks.jar 'notification' -f 1 -wi 2 -i 3</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class MailThroughputBenchmark {

  static final int BATCH = 200;

  @Param({"1", "4"})
  int poolSize;

  private FastSmtpServer server;
  private MailSender sender;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new FastSmtpServer();
    sender = new MailSender(MailProperties.local("127.0.0.1", server.port(), poolSize));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    System.out.printf(
        "%n[pool %d] %d messages over %d SMTP connections%n",
        poolSize, server.messages(), server.connections());
    sender.close();
    server.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long renderAndSend() {
    Long sent =
        Flux.range(0, BATCH)
            .flatMap(i -> sender.send(mail(i)), poolSize)
            .filter(SendOutcome.Sent.class::isInstance)
            .count()
            .block();
    if (sent == null || sent != BATCH) {
      throw new IllegalStateException("only " + sent + " of " + BATCH + " sent");
    }
    return sent;
  }

  private static OutgoingMail mail(int i) {
    Instant now = Instant.now();
    AlertEvent event =
        new AlertEvent(
            UUID.randomUUID(),
            AlertEvent.FIRING,
            AlertEvent.VERSION,
            now,
            Integer.toString(100 + i),
            Integer.toString(i % 50),
            "owner" + (i % 50) + "@example.test",
            "web-" + i,
            "alert-" + i,
            "rule-1",
            "CPU high",
            "cpu",
            ">",
            90,
            95.0,
            now,
            null);
    RenderedMail m = Notifications.of(event).orElseThrow().mail();
    return new OutgoingMail(event.ownerEmail(), m.subject(), m.text(), m.html(), null);
  }
}
