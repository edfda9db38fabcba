package io.pvepanel.proxmox.simulator.fault;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One injected fault for requests whose method and path (relative to {@code /api2/json}) match.
 * {@code pathPattern} is a glob ({@code *} = one path segment, {@code **} = anything) or a regex
 * when prefixed with {@code regex:}. {@code method} {@code *} matches any method.
 *
 * @param latency added before the request is processed (zero for none)
 * @param errorRate 0..1 probability of answering {@code errorStatus} instead
 * @param errorMessage reason phrase for the error; null = the PVE text for the status
 * @param truncate send only the first half of the JSON body and close the connection
 */
public record FaultRule(
    String id,
    String method,
    String pathPattern,
    Duration latency,
    double errorRate,
    int errorStatus,
    String errorMessage,
    boolean truncate) {

  public FaultRule {
    method = method == null ? "*" : method.toUpperCase(java.util.Locale.ROOT);
    latency = latency == null ? Duration.ZERO : latency;
  }

  boolean matches(String m, String path) {
    if (!"*".equals(method) && !method.equals(m)) {
      return false;
    }
    return compile(pathPattern).matcher(path).matches();
  }

  static Pattern compile(String pattern) {
    String p = pattern == null ? "**" : pattern;
    if (p.startsWith("regex:")) {
      return Pattern.compile(p.substring("regex:".length()));
    }
    if (p.startsWith("/api2/json")) {
      p = p.substring("/api2/json".length());
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*') {
        if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  /** The reason phrase PVE's proxy uses for its pseudo status codes. */
  public static String defaultMessage(int status) {
    return switch (status) {
      case 595 -> "Errors during connection establishment, proxy handshake: Connection refused";
      case 596 ->
          "Errors during TLS negotiation, request sending and header processing: Connection timed"
              + " out";
      case 597 -> "Broken pipe";
      case 599 -> "Too many redirections";
      case 503 -> "Service Unavailable";
      case 502 -> "Bad Gateway";
      default -> "simulated failure";
    };
  }
}
