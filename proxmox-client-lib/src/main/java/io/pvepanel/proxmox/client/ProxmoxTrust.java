package io.pvepanel.proxmox.client;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLParameters;
import reactor.netty.http.client.HttpClient;

/**
 * How connections to a cluster trust its TLS certificate — the suite's one TLS decision for
 * Proxmox, used by this client and by the gateway's console relay:
 *
 * <ul>
 *   <li>{@code fingerprint}: the SHA-256 pin of the leaf certificate ({@code AB:CD:…}); chain and
 *       host name are not checked, the pin is the whole decision (PVE node certificates name the
 *       node, not the address dialled);
 *   <li>{@code caCertificates}: the PEM text of the trust anchors (e.g. {@code pve-root-ca.pem});
 *       chain and host name are checked;
 *   <li>neither: the JVM's trust store, host name checked.
 * </ul>
 *
 * Both values are public material (no secret), so they may travel to whoever connects.
 */
public record ProxmoxTrust(String fingerprint, String caCertificates) {

  /** The JVM's trust store. */
  public static final ProxmoxTrust SYSTEM = new ProxmoxTrust(null, null);

  public ProxmoxTrust {
    fingerprint = fingerprint == null || fingerprint.isBlank() ? null : fingerprint.trim();
    caCertificates = caCertificates == null || caCertificates.isBlank() ? null : caCertificates;
    if (fingerprint != null
        && !ProxmoxClusterProperties.FINGERPRINT.matcher(fingerprint).matches()) {
      throw new IllegalArgumentException(
          "tls fingerprint must be 32 hex bytes separated by colons");
    }
    if (fingerprint != null && caCertificates != null) {
      throw new IllegalArgumentException("a pin or CA certificates, not both");
    }
  }

  /**
   * The trust a cluster is configured with ({@code tls-fingerprint} or {@code ca-file}); reads the
   * CA file, so call it when configuring, not per request.
   */
  public static ProxmoxTrust of(ProxmoxClusterProperties cluster) {
    String ca = null;
    if (cluster.caFile() != null && !cluster.caFile().isBlank()) {
      try {
        ca = Files.readString(Path.of(cluster.caFile()));
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(
            "cluster " + cluster.name() + ": cannot read ca-file " + cluster.caFile() + ": " + e,
            e);
      }
    }
    return new ProxmoxTrust(cluster.tlsFingerprint(), ca);
  }

  public boolean pinned() {
    return fingerprint != null;
  }

  /** A client TLS context trusting exactly this. */
  public SslContext sslContext() {
    return TlsSupport.sslContext(fingerprint, caCertificates);
  }

  /**
   * {@code http} secured with this trust: its TLS context, and host name verification unless
   * pinned.
   */
  public HttpClient secure(HttpClient http) {
    SslContext ssl = sslContext();
    boolean pinned = pinned();
    return http.secure(
        spec ->
            spec.sslContext(ssl)
                .handlerConfigurator(
                    handler -> {
                      SSLParameters params = handler.engine().getSSLParameters();
                      // Host name checks only make sense with chain validation; with a pin the
                      // certificate names the node, not the address we dial.
                      params.setEndpointIdentificationAlgorithm(pinned ? null : "HTTPS");
                      handler.engine().setSSLParameters(params);
                    }));
  }

  @Override
  public String toString() {
    return pinned()
        ? "ProxmoxTrust[pin " + fingerprint + "]"
        : caCertificates != null ? "ProxmoxTrust[CA certificates]" : "ProxmoxTrust[system]";
  }
}
