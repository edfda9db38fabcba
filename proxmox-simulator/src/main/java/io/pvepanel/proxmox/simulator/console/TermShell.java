package io.pvepanel.proxmox.simulator.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tiny line shell behind a termproxy session: echoes keystrokes and answers a few commands. A
 * container console in {@code cmode} tty or console (pve-container {@code PVE/LXC.pm} {@code
 * get_console_command}: {@code lxc-console}, the container's getty) first asks for a login; only
 * {@code cmode=shell} ({@code lxc-attach}) is a root shell at once. Not thread-safe; one instance
 * per websocket, fed in frame order.
 */
final class TermShell {

  /** Where the session is: at getty's login or password prompt, or in the shell. */
  enum Stage {
    LOGIN,
    PASSWORD,
    SHELL
  }

  private final String hostname;
  private final String issue;
  private final Predicate<String> rootPassword;
  private final StringBuilder line = new StringBuilder();
  private boolean closed;
  private Stage stage;
  private String loginUser;

  /** A root shell at once ({@code cmode=shell}). */
  TermShell(String hostname) {
    this(hostname, null, null);
  }

  /**
   * A getty first when {@code rootPassword} is given: {@code issue} is printed before the login
   * prompt ({@code Debian GNU/Linux 12 web01 tty1}); only {@code root} with a password the
   * predicate accepts gets in.
   */
  TermShell(String hostname, String issue, Predicate<String> rootPassword) {
    this.hostname = hostname;
    this.issue = issue;
    this.rootPassword = rootPassword;
    this.stage = rootPassword == null ? Stage.SHELL : Stage.LOGIN;
  }

  Stage stage() {
    return stage;
  }

  private String loginPrompt() {
    return hostname + " login: ";
  }

  String prompt() {
    return "root@" + hostname + ":~# ";
  }

  String banner() {
    if (stage == Stage.LOGIN) {
      return "\r\n" + issue + loginPrompt();
    }
    return motd() + prompt();
  }

  private String motd() {
    return "\r\nLinux " + hostname + " " + KERNEL + "\r\n\r\n";
  }

  /** getty/login: a line at the login or password prompt. */
  private String login(String entered) {
    if (stage == Stage.LOGIN) {
      if (entered.isEmpty()) {
        return loginPrompt();
      }
      loginUser = entered;
      stage = Stage.PASSWORD;
      return "Password: ";
    }
    boolean ok = "root".equals(loginUser) && rootPassword.test(entered);
    loginUser = null;
    if (ok) {
      stage = Stage.SHELL;
      return motd().substring(2) + prompt();
    }
    stage = Stage.LOGIN;
    return "\r\nLogin incorrect\r\n" + loginPrompt();
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
      if (stage != Stage.SHELL) {
        if (c == '\r' || c == '\n') {
          out.append("\r\n");
          String entered = line.toString().trim();
          line.setLength(0);
          out.append(login(entered));
        } else if (c == 0x7f || c == '\b') {
          if (line.length() > 0) {
            line.setLength(line.length() - 1);
            if (stage == Stage.LOGIN) {
              out.append("\b \b");
            }
          }
        } else if (c >= 0x20) {
          line.append(c);
          // the password is not echoed
          if (stage == Stage.LOGIN) {
            out.append(c);
          }
        }
        continue;
      }
      if (c == '\r' || c == '\n') {
        out.append("\r\n");
        String result = run(line.toString().trim());
        line.setLength(0);
        out.append(result);
        if (!closed && stage == Stage.SHELL) {
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
        if (rootPassword != null) {
          // lxc-console: getty starts again on the tty, the console stays connected
          stage = Stage.LOGIN;
          yield "logout\r\n" + banner();
        }
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
