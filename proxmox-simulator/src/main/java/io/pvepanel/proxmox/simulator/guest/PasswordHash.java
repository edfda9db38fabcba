package io.pvepanel.proxmox.simulator.guest;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** A salted PBKDF2 hash: the simulator never keeps a plaintext password. */
public record PasswordHash(byte[] salt, byte[] hash) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ITERATIONS = 10_000;

  public static PasswordHash of(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new PasswordHash(salt, derive(password, salt));
  }

  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(hash, derive(candidate, salt));
  }

  private static byte[] derive(String password, byte[] salt) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "PasswordHash[pbkdf2-sha256]";
  }
}
