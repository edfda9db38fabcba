package io.pvepanel.proxmox.simulator.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The tiny line shell behind a termproxy session: echoes keystrokes and answers a few commands. Not
 * thread-safe; one instance per websocket, fed in frame order.
 */
final class TermShell {

  private final String hostname;
  private final StringBuilder line = new StringBuilder();
  private boolean closed;

  TermShell(String hostname) {
    this.hostname = hostname;
  }

  String prompt() {
    return "root@" + hostname + ":~# ";
  }

  String banner() {
    return "\r\nLinux " + hostname + " " + KERNEL + "\r\n\r\n" + prompt();
  }

  static final String KERNEL = "6.8.12-4-pve";

  boolean closed() {
    return closed;
  }

  /** Parses one client frame (termproxy protocol) and returns terminal output. */
  List<String> onFrame(String frame) {
    List<String> out = new ArrayList<>();
    String rest = frame;
    while (!rest.isEmpty() && !closed) {
      if (rest.startsWith("0:")) {
        int colon = rest.indexOf(':', 2);
        if (colon < 0) {
          break;
        }
        int len;
        try {
          len = Integer.parseInt(rest.substring(2, colon));
        } catch (NumberFormatException e) {
          break;
        }
        // the length counts UTF-8 bytes
        String data = takeBytes(rest.substring(colon + 1), len);
        rest = rest.substring(colon + 1 + data.length());
        String o = type(data);
        if (!o.isEmpty()) {
          out.add(o);
        }
      } else if (rest.startsWith("1:")) {
        int end = nthColon(rest, 3);
        rest = end < 0 ? "" : rest.substring(end + 1);
      } else if (rest.startsWith("2")) {
        rest = rest.substring(1);
      } else {
        break;
      }
    }
    return out;
  }

  private static int nthColon(String s, int n) {
    int idx = -1;
    for (int i = 0; i < n; i++) {
      idx = s.indexOf(':', idx + 1);
      if (idx < 0) {
        return -1;
      }
    }
    return idx;
  }

  private static String takeBytes(String s, int bytes) {
    int count = 0;
    int i = 0;
    while (i < s.length() && count < bytes) {
      int cp = s.codePointAt(i);
      count += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private String type(String data) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < data.length() && !closed; i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        out.append("\r\n");
        String result = run(line.toString().trim());
        line.setLength(0);
        out.append(result);
        if (!closed) {
          out.append(prompt());
        }
      } else if (c == 0x7f || c == '\b') {
        if (line.length() > 0) {
          line.setLength(line.length() - 1);
          out.append("\b \b");
        }
      } else if (c == 0x03) {
        line.setLength(0);
        out.append("^C\r\n").append(prompt());
      } else if (c == 0x04 && line.length() == 0) {
        out.append(run("exit"));
      } else if (c >= 0x20) {
        line.append(c);
        out.append(c);
      }
    }
    return out.toString();
  }

  private String run(String cmd) {
    if (cmd.isEmpty()) {
      return "";
    }
    String[] parts = cmd.split("\\s+", 2);
    return switch (parts[0]) {
      case "hostname" -> hostname + "\r\n";
      case "whoami" -> "root\r\n";
      case "pwd" -> "/root\r\n";
      case "id" -> "uid=0(root) gid=0(root) groups=0(root)\r\n";
      case "uname" ->
          (parts.length > 1 && parts[1].contains("a")
                  ? "Linux "
                      + hostname
                      + " "
                      + KERNEL
                      + " #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) x86_64 GNU/Linux"
                  : "Linux")
              + "\r\n";
      case "echo" -> (parts.length > 1 ? unquote(parts[1]) : "") + "\r\n";
      case "exit", "logout" -> {
        closed = true;
        yield "logout\r\n";
      }
      default -> "-bash: " + parts[0] + ": command not found\r\n";
    };
  }

  private static String unquote(String s) {
    String t = s.trim();
    if (t.length() >= 2
        && ((t.startsWith("\"") && t.endsWith("\"")) || (t.startsWith("'") && t.endsWith("'")))) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }
}
