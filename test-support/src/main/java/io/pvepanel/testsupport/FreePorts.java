package io.pvepanel.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback TCP ports, for servers that must be told their port before they start.
 *
 * <p>Ports come from below Linux's ephemeral range (32768–60999 by default): a port the kernel
 * handed out as free for listening is also one it hands to outgoing connections, so a server told
 * such a port a minute before it starts can find it taken by another process's connection to Kafka
 * or the database. No port is handed out twice by one JVM.
 */
public final class FreePorts {

  private static final int LOW = 20000;
  private static final int HIGH = 32000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int find() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IllegalStateException("No free port between " + LOW + " and " + HIGH);
  }
}
