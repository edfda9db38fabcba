package io.pvepanel.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bare-socket WebSocket client with a tiny receive buffer that reads only when told to: the slow
 * consumer of the back-pressure test.
 */
public final class RawWsClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final SecureRandom random = new SecureRandom();
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

  public RawWsClient(int port, String path) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    byte[] key = new byte[16];
    random.nextBytes(key);
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(key)
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during handshake: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
  }

  /**
   * Sends a WebSocket upgrade of {@code path} with {@code headers} and returns the status line of
   * the answer ({@code HTTP/1.1 101 ...}, {@code HTTP/1.1 429 ...}) and its headers, then closes.
   */
  public static String upgradeAnswer(int port, String path, java.util.Map<String, String> headers)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      byte[] key = new byte[16];
      new SecureRandom().nextBytes(key);
      StringBuilder request =
          new StringBuilder("GET ")
              .append(path)
              .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
              .append(port)
              .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
              .append(Base64.getEncoder().encodeToString(key))
              .append("\r\nSec-WebSocket-Version: 13\r\n");
      headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.append((char) b);
      }
      return head.toString();
    }
  }

  /** Sends one masked text frame (payload below 126 bytes or below 64 KiB). */
  public void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write((payload.length >> 8) & 0xFF);
      frame.write(payload.length & 0xFF);
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Reads (a little at a time) until the received bytes contain {@code marker}. */
  public void readUntil(String marker) throws IOException {
    byte[] buf = new byte[256];
    while (!seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("closed before " + marker);
      }
      seen.write(buf, 0, n);
    }
  }

  /**
   * Drains everything until the server ends the connection; returns whether it did within the
   * socket timeout (true: EOF or reset seen).
   */
  public boolean drainUntilClosed() {
    byte[] buf = new byte[64 * 1024];
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
