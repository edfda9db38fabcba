package io.pvepanel.proxmox.simulator.ssh;

import io.pvepanel.proxmox.simulator.guest.Cluster;
import io.pvepanel.proxmox.simulator.guest.Guest;
import io.pvepanel.proxmox.simulator.guest.GuestType;
import io.pvepanel.proxmox.simulator.guest.PasswordHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only command a simulated node accepts: {@code pct exec <vmid> -- chpasswd} (or {@code
 * lxc-attach -n <vmid> -- chpasswd}) with {@code root:<password>} on stdin. The password is hashed
 * at once and never logged.
 */
final class PctExecCommand implements Command {

  private static final Logger log = LoggerFactory.getLogger(PctExecCommand.class);
  static final Pattern CHPASSWD =
      Pattern.compile(
          "^\\s*(?:pct\\s+exec\\s+(\\d+)|lxc-attach\\s+-n\\s+(\\d+))\\s+--\\s+chpasswd\\s*$");

  private final Cluster cluster;
  private final String node;
  private final String command;
  private final ExecutorService executor;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;

  PctExecCommand(Cluster cluster, String node, String command, ExecutorService executor) {
    this.cluster = cluster;
    this.node = node;
    this.command = command;
    this.executor = executor;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    executor.execute(this::run);
  }

  private void run() {
    try {
      Matcher m = CHPASSWD.matcher(command);
      if (!m.matches()) {
        log.info("ssh {}: rejected command", node);
        finish(
            126,
            "command not allowed on this node (simulator accepts only 'pct exec <vmid> -- chpasswd')\n");
        return;
      }
      int vmid = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
      synchronized (cluster.lock()) {
        Guest g = cluster.find(node, GuestType.LXC, vmid);
        if (g == null) {
          finish(255, GuestType.LXC.configFile(node, vmid) + "\n");
          return;
        }
        if (!g.running()) {
          finish(255, "CT " + vmid + " not running\n");
          return;
        }
      }
      String input = readAll(in);
      String[] lines = input.split("\r?\n");
      PasswordHash hash = null;
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.isEmpty()) {
          continue;
        }
        int colon = line.indexOf(':');
        if (colon < 0 || colon == line.length() - 1) {
          finish(1, "chpasswd: line " + (i + 1) + ": missing new password\n");
          return;
        }
        String user = line.substring(0, colon);
        if (!"root".equals(user)) {
          finish(1, "chpasswd: line " + (i + 1) + ": user '" + user + "' does not exist\n");
          return;
        }
        hash = PasswordHash.of(line.substring(colon + 1));
      }
      if (hash == null) {
        finish(1, "chpasswd: error detected, changes ignored\n");
        return;
      }
      synchronized (cluster.lock()) {
        Guest g = cluster.find(node, GuestType.LXC, vmid);
        if (g == null || !g.running()) {
          finish(255, "CT " + vmid + " not running\n");
          return;
        }
        g.password = hash;
        g.passwordChanges++;
      }
      log.info("ssh {}: root password of CT {} changed", node, vmid);
      finish(0, null);
    } catch (IOException | RuntimeException e) {
      log.warn("ssh {}: command failed: {}", node, e.toString());
      finish(1, "internal error\n");
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[1024];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      buf.write(chunk, 0, n);
      if (buf.size() > 64 * 1024) {
        break;
      }
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  private void finish(int status, String stderr) {
    try {
      if (stderr != null) {
        err.write(stderr.getBytes(StandardCharsets.UTF_8));
        err.flush();
      }
      out.flush();
    } catch (IOException e) {
      // client went away; nothing to report to
    }
    exit.onExit(status);
  }

  @Override
  public void destroy(ChannelSession channel) {}
}
