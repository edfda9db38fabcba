package io.pvepanel.proxmox.simulator.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API token and ticket authentication. Tickets are signed with an HMAC instead of PVE's RSA key:
 * the format ({@code PVE:<userid>:<8 hex>::<base64>}) and the lifetime are what clients see.
 */
public final class Authenticator {

  /** Outcome of checking a request's credentials. */
  public sealed interface Result {}

  public record Ok(Principal principal) implements Result {}

  /** 401 with this reason phrase. */
  public record Denied(String reason) implements Result {}

  static final long TICKET_LIFETIME_S = 7200;

  private final Clock clock;
  private final String tokenId;
  private final String tokenSecret;
  private final String rootPassword;
  private final byte[] key = new byte[32];

  public Authenticator(Clock clock, String tokenId, String tokenSecret, String rootPassword) {
    this.clock = clock;
    this.tokenId = tokenId;
    this.tokenSecret = tokenSecret;
    this.rootPassword = rootPassword;
    new SecureRandom().nextBytes(key);
  }

  /**
   * Checks the Authorization header / PVEAuthCookie. {@code csrfHeader} is only checked for non-GET
   * requests with ticket auth.
   */
  public Result authenticate(
      String authorization, String cookieHeader, String csrfHeader, String method) {
    if (authorization != null && !authorization.isBlank()) {
      String a = authorization.trim();
      if (a.startsWith("PVEAPIToken=") || a.startsWith("PVEAPIToken ")) {
        String rest =
            URLDecoder.decode(a.substring("PVEAPIToken=".length()), StandardCharsets.UTF_8);
        int eq = rest.indexOf('=');
        if (eq < 0) {
          return new Denied("Authentication failed!");
        }
        String id = rest.substring(0, eq);
        String secret = rest.substring(eq + 1);
        if (constantEquals(id, tokenId) && constantEquals(secret, tokenSecret)) {
          int bang = tokenId.indexOf('!');
          return new Ok(
              new Principal(tokenId.substring(0, bang), tokenId.substring(bang + 1), false));
        }
        return new Denied("Authentication failed!");
      }
      if (a.startsWith("PVEAuthCookie=")) {
        return checkTicket(a.substring("PVEAuthCookie=".length()), csrfHeader, method);
      }
    }
    String cookie = cookie(cookieHeader, "PVEAuthCookie");
    if (cookie != null) {
      return checkTicket(cookie, csrfHeader, method);
    }
    return new Denied("No ticket");
  }

  private Result checkTicket(String raw, String csrf, String method) {
    // URL-encoding is optional: a raw base64 "+" must survive decoding
    String ticket = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    String user = verifyTicket(ticket);
    if (user == null) {
      return new Denied("Authentication failed!");
    }
    if (!"GET".equals(method) && !verifyCsrf(csrf, user)) {
      return new Denied("Permission denied - invalid csrf token");
    }
    return new Ok(new Principal(user, null, true));
  }

  /** Returns the userid if the ticket is authentic and inside its 2 h window, else null. */
  public String verifyTicket(String ticket) {
    if (ticket == null || !ticket.startsWith("PVE:")) {
      return null;
    }
    int sep = ticket.indexOf("::");
    if (sep < 0) {
      return null;
    }
    String plain = ticket.substring(0, sep);
    String sig = ticket.substring(sep + 2);
    String[] parts = plain.split(":");
    if (parts.length != 3 || !constantEquals(sig, sign(plain, true))) {
      return null;
    }
    if (!withinWindow(parts[2], -300, TICKET_LIFETIME_S)) {
      return null;
    }
    return parts[1];
  }

  public String issueTicket(String userid) {
    String plain = "PVE:" + userid + ":" + hexNow();
    return plain + "::" + sign(plain, true);
  }

  public String issueCsrf(String userid) {
    String hex = hexNow();
    return hex + ":" + sign(hex + ":" + userid, false);
  }

  boolean verifyCsrf(String token, String userid) {
    if (token == null) {
      return false;
    }
    int colon = token.indexOf(':');
    if (colon != 8) {
      return false;
    }
    String hex = token.substring(0, colon);
    return constantEquals(token.substring(colon + 1), sign(hex + ":" + userid, false))
        && withinWindow(hex, -300, TICKET_LIFETIME_S);
  }

  /** {@code POST /access/ticket}: username/password or a still-valid ticket as password. */
  public boolean checkLogin(String userid, String password) {
    if (password == null) {
      return false;
    }
    if (password.startsWith("PVE:")) {
      return userid.equals(verifyTicket(password));
    }
    return "root@pam".equals(userid) && constantEquals(password, rootPassword);
  }

  /** HMAC signature helper shared with VNC tickets. */
  public String sign(String data, boolean padding) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
      return padding
          ? Base64.getEncoder().encodeToString(sig)
          : Base64.getEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String hexNow() {
    return String.format(Locale.ROOT, "%08X", clock.instant().getEpochSecond());
  }

  /** True if the hex epoch is within [now+minAge... ] i.e. age between minAge and maxAge. */
  public boolean withinWindow(String hex, long minAge, long maxAge) {
    try {
      long t = Long.parseLong(hex, 16);
      long age = clock.instant().getEpochSecond() - t;
      return age >= minAge && age <= maxAge;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String cookie(String header, String name) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(name + "=")) {
        return p.substring(name.length() + 1);
      }
    }
    return null;
  }

  static boolean constantEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
