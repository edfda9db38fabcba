package io.pvepanel.notification.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SMTP server on 127.0.0.1 and a random port whose replies are scripted per recipient: each
 * mail transaction to a recipient takes the next {@link Step} of that recipient's script (a
 * recipient without one is accepted). Records every RCPT attempt and every accepted message.
 */
final class ScriptedSmtpServer implements AutoCloseable {

  /** What the server does in one transaction. */
  enum Step {
    ACCEPT,
    RCPT_421,
    RCPT_450,
    RCPT_451,
    RCPT_550,
    /** 550 with a reply that names internal hosts, addresses and policies, as real relays do. */
    RCPT_550_DETAILED,
    /** 451 likewise. */
    RCPT_451_DETAILED,
    DATA_451,
    DATA_554,
    DROP_MID_DATA
  }

  static final String DETAILED_550 =
      "550 5.7.1 <victim@example.test>: relay mx-int-7.corp.example [10.20.30.40] refused:"
          + " policy pvepanel-outbound, spam score 12.3";
  static final String DETAILED_451 =
      "451 4.3.0 mailstore-3.corp.example [10.20.30.41] backend timeout, queue 0f3a9c";

  /** A message the server accepted with 250. */
  record Accepted(String recipient, String data) {}

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Deque<Step>> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> rcptCounts = new ConcurrentHashMap<>();
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  ScriptedSmtpServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  void script(String recipient, Step... steps) {
    scripts.computeIfAbsent(key(recipient), k -> new ArrayDeque<>()).addAll(List.of(steps));
  }

  int rcptCount(String recipient) {
    AtomicInteger n = rcptCounts.get(key(recipient));
    return n == null ? 0 : n.get();
  }

  List<Accepted> acceptedFor(String recipient) {
    List<Accepted> out = new ArrayList<>();
    for (Accepted a : accepted) {
      if (a.recipient().equals(key(recipient))) {
        out.add(a);
      }
    }
    return out;
  }

  int connections() {
    return connections.get();
  }

  private Step next(String recipient) {
    Deque<Step> script = scripts.get(recipient);
    synchronized (this) {
      Step s = script == null ? null : script.poll();
      return s == null ? Step.ACCEPT : s;
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        threads.execute(() -> session(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream()) {
      reply(out, "220 scripted ESMTP");
      String recipient = null;
      Step step = Step.ACCEPT;
      String line;
      while ((line = in.readLine()) != null) {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO")) {
          reply(out, "250-scripted\r\n250-8BITMIME\r\n250 SMTPUTF8");
        } else if (upper.startsWith("HELO")) {
          reply(out, "250 scripted");
        } else if (upper.startsWith("MAIL FROM:")) {
          recipient = null;
          reply(out, "250 2.1.0 OK");
        } else if (upper.startsWith("RCPT TO:")) {
          recipient = key(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')));
          rcptCounts.computeIfAbsent(recipient, k -> new AtomicInteger()).incrementAndGet();
          step = next(recipient);
          switch (step) {
            case RCPT_421 -> {
              reply(out, "421 4.3.2 Service not available, closing channel");
              return;
            }
            case RCPT_450 -> reply(out, "450 4.2.1 Mailbox busy, try again later");
            case RCPT_451 -> reply(out, "451 4.3.0 Local error, try again later");
            case RCPT_550 -> reply(out, "550 5.1.1 No such user here");
            case RCPT_550_DETAILED -> reply(out, DETAILED_550);
            case RCPT_451_DETAILED -> reply(out, DETAILED_451);
            default -> reply(out, "250 2.1.5 OK");
          }
        } else if (upper.equals("DATA")) {
          reply(out, "354 End data with <CR><LF>.<CR><LF>");
          StringBuilder data = new StringBuilder();
          String d;
          int lines = 0;
          while ((d = in.readLine()) != null && !d.equals(".")) {
            data.append(d).append('\n');
            if (step == Step.DROP_MID_DATA && ++lines == 3) {
              socket.setSoLinger(true, 0); // reset, as a crashing server would
              return;
            }
          }
          if (d == null) {
            return;
          }
          switch (step) {
            case DATA_451 -> reply(out, "451 4.3.0 Temporary failure, try again");
            case DATA_554 -> reply(out, "554 5.6.0 Message rejected");
            default -> {
              accepted.add(new Accepted(recipient, data.toString()));
              reply(out, "250 2.0.0 Queued");
            }
          }
        } else if (upper.startsWith("RSET")) {
          reply(out, "250 2.0.0 OK");
        } else if (upper.startsWith("NOOP")) {
          reply(out, "250 2.0.0 OK");
        } else if (upper.startsWith("QUIT")) {
          reply(out, "221 2.0.0 Bye");
          return;
        } else {
          reply(out, "502 5.5.1 Unrecognized command");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String key(String recipient) {
    return recipient.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
