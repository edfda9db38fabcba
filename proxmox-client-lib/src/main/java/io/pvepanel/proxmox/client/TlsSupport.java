package io.pvepanel.proxmox.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS trust for a cluster: SHA-256 leaf pin, a CA file, or the JVM's default trust. */
final class TlsSupport {
  private TlsSupport() {}

  /** See {@link ProxmoxTrust}: a pin, PEM trust anchors, or (both null) the JVM's trust store. */
  static SslContext sslContext(String fingerprint, String caCertificatesPem) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient();
      if (fingerprint != null) {
        builder.trustManager(new FingerprintTrustManager(fingerprint));
      } else if (caCertificatesPem != null) {
        builder.trustManager(
            new ByteArrayInputStream(caCertificatesPem.getBytes(StandardCharsets.US_ASCII)));
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot set up TLS: " + e, e);
    }
  }

  /** Uppercase hex with colons, the form PVE publishes ({@code AB:CD:...}). */
  static String fingerprint(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Trusts exactly one leaf certificate, identified by its SHA-256. Chain and host name are
   * deliberately not checked: PVE node certificates are signed by a per-cluster CA and name the
   * node, not the address we dial; the pin is the whole trust decision.
   */
  static final class FingerprintTrustManager extends X509ExtendedTrustManager {
    private final byte[] expected;

    FingerprintTrustManager(String fingerprint) {
      this.expected =
          HexFormat.of().parseHex(fingerprint.replace(":", "").toLowerCase(Locale.ROOT));
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("no server certificate");
      }
      byte[] actual;
      try {
        actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
      } catch (NoSuchAlgorithmException e) {
        throw new CertificateException(e);
      }
      if (!MessageDigest.isEqual(expected, actual)) {
        throw new CertificateException(
            "server certificate SHA-256 "
                + HexFormat.ofDelimiter(":").withUpperCase().formatHex(actual)
                + " does not match the pinned fingerprint");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
