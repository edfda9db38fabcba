package io.pvepanel.bench.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP sink on 127.0.0.1 and a random port: accepts every command with the fastest
 * possible reply and discards the message, so a benchmark measures the sending side. One thread per
 * connection.
 */
public final class FastSmtpServer implements AutoCloseable {

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong messages = new AtomicLong();

  public FastSmtpServer() throws IOException {
    server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    threads.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket s = server.accept();
              connections.incrementAndGet();
              threads.execute(() -> session(s));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  public int port() {
    return server.getLocalPort();
  }

  public int connections() {
    return connections.get();
  }

  public long messages() {
    return messages.get();
  }

  private void session(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII), 65536);
        OutputStream out = socket.getOutputStream()) {
      socket.setTcpNoDelay(true);
      write(out, "220 fast ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String upper = line.length() > 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
        switch (upper) {
          case "EHLO" -> write(out, "250-fast\r\n250 8BITMIME");
          case "DATA" -> {
            write(out, "354 go ahead");
            String d;
            while ((d = in.readLine()) != null && !d.equals(".")) {
              // discard
            }
            if (d == null) {
              return;
            }
            messages.incrementAndGet();
            write(out, "250 2.0.0 queued");
          }
          case "QUIT" -> {
            write(out, "221 bye");
            return;
          }
          default -> write(out, "250 OK");
        }
      }
    } catch (IOException e) {
      // client went away
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write((s + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
