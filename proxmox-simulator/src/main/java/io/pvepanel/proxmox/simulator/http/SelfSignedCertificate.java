package io.pvepanel.proxmox.simulator.http;

import io.pvepanel.proxmox.simulator.ssh.NodeSshServers;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The node's self-signed leaf certificate (EC P-256, generated at start-up). */
public record SelfSignedCertificate(PrivateKey key, X509Certificate certificate) {

  public static SelfSignedCertificate generate(String nodeName, String bindHost) {
    try {
      KeyPair kp = NodeSshServers.ecKeyPair();
      X500Name name =
          new X500Name("CN=" + nodeName + ",OU=PVE Cluster Node,O=Proxmox Virtual Environment");
      long now = System.currentTimeMillis();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(64, new SecureRandom()),
              new Date(now - 86_400_000L),
              new Date(now + 2L * 365 * 86_400_000L),
              name,
              kp.getPublic());
      List<GeneralName> sans = new ArrayList<>();
      sans.add(new GeneralName(GeneralName.dNSName, "localhost"));
      sans.add(new GeneralName(GeneralName.dNSName, nodeName));
      sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
      if (bindHost != null
          && !bindHost.equals("127.0.0.1")
          && !bindHost.equals("0.0.0.0")
          && bindHost.matches("[0-9.]+")) {
        sans.add(
            new GeneralName(
                GeneralName.iPAddress, InetAddress.getByName(bindHost).getHostAddress()));
      }
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(sans.toArray(new GeneralName[0])));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return new SelfSignedCertificate(kp.getPrivate(), cert);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create self-signed certificate", e);
    }
  }

  /** SHA-256 of the DER encoding, uppercase hex with colons (PVE's {@code ssl_fingerprint}). */
  public String fingerprint() {
    try {
      return colonHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String pem() {
    try {
      String b64 =
          Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String colonHex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(String.format(Locale.ROOT, "%02X", b));
    }
    return sb.toString();
  }
}
