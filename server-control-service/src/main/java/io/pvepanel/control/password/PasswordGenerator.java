package io.pvepanel.control.password;

import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/**
 * Random root passwords from a CSPRNG: letters and digits without look-alikes (0/O, 1/l/I), plus a
 * few symbols that survive shells and keyboards, with at least one of each class.
 */
@Component
public class PasswordGenerator {

  private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String DIGITS = "23456789";
  private static final String SYMBOLS = "-_.+=";
  private static final String ALL = LOWER + UPPER + DIGITS + SYMBOLS;

  private final SecureRandom random = new SecureRandom();

  public char[] generate(int length) {
    if (length < 12) {
      throw new IllegalArgumentException("passwords shorter than 12 are not generated");
    }
    char[] out = new char[length];
    out[0] = pick(LOWER);
    out[1] = pick(UPPER);
    out[2] = pick(DIGITS);
    out[3] = pick(SYMBOLS);
    for (int i = 4; i < length; i++) {
      out[i] = pick(ALL);
    }
    for (int i = length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      char t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private char pick(String alphabet) {
    return alphabet.charAt(random.nextInt(alphabet.length()));
  }
}
