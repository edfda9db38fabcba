package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.client.ScriptedServer.Reply;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.Http11SslContextSpec;
import reactor.test.StepVerifier;

/** pveproxy-like self-signed certificates: pin mode, CA-file mode, system trust. */
class TlsPinIntegrationTests {
  private static final Duration T = Duration.ofSeconds(10);
  // Like a PVE node certificate: names the node, not the address we dial.
  private static X509Certificate nodeNamedCert;
  private static X509Certificate ipNamedCert;
  private static ScriptedServer server;
  private static ScriptedServer ipServer;
  private static String fingerprint;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    KeyPair kp = gen.generateKeyPair();
    nodeNamedCert = selfSigned(kp, false);
    ipNamedCert = selfSigned(kp, true);
    fingerprint = TlsSupport.fingerprint(nodeNamedCert.getEncoded());
    server =
        ScriptedServer.https(Http11SslContextSpec.forServer(kp.getPrivate(), nodeNamedCert))
            .otherwise(r -> Reply.data("[]"));
    ipServer =
        ScriptedServer.https(Http11SslContextSpec.forServer(kp.getPrivate(), ipNamedCert))
            .otherwise(r -> Reply.data("[]"));
  }

  @AfterAll
  static void stop() {
    server.close();
    ipServer.close();
  }

  private static X509Certificate selfSigned(KeyPair kp, boolean ipSan) throws Exception {
    X500Name name = new X500Name("CN=pve1.example.invalid,OU=PVE Cluster Node");
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli() + (ipSan ? 1 : 0)),
            Date.from(now.minusSeconds(3600)),
            Date.from(now.plusSeconds(86400)),
            name,
            kp.getPublic());
    if (ipSan) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
  }

  private static ProxmoxClient client(ScriptedServer target, String pin, String caFile) {
    return ProxmoxClient.builder(
            ProxmoxClusterProperties.builder("tls", target.baseUrl())
                .apiToken("panel@pve!ctl=secret")
                .tlsFingerprint(pin)
                .caFile(caFile)
                .maxRetries(0)
                .build())
        .build();
  }

  private static String pemFile(X509Certificate cert, Path dir) throws Exception {
    Path file = dir.resolve("ca-" + cert.getSerialNumber() + ".pem");
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    Files.writeString(file, pem);
    return file.toString();
  }

  @Test
  void matchingPinIsAccepted() {
    assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    try (ProxmoxClient c = client(server, fingerprint, null)) {
      StepVerifier.create(c.nodes()).expectNext(List.of()).expectComplete().verify(T);
    }
  }

  @Test
  void otherPinIsRejected() {
    String wrong = (fingerprint.startsWith("AB") ? "CD" : "AB") + fingerprint.substring(2);
    long before = server.requests().size();
    try (ProxmoxClient c = client(server, wrong, null)) {
      StepVerifier.create(c.nodes())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(ProxmoxTransportException.class);
                assertThat(e.getMessage()).doesNotContain("secret");
              })
          .verify(T);
    }
    assertThat(server.requests()).hasSize((int) before);
  }

  @Test
  void systemTrustRejectsTheSelfSignedCertificate() {
    try (ProxmoxClient c = client(server, null, null)) {
      StepVerifier.create(c.nodes()).expectError(ProxmoxTransportException.class).verify(T);
    }
  }

  @Test
  void caFileTrustsTheCertificateAndStillChecksTheHostName(@TempDir Path dir) throws Exception {
    try (ProxmoxClient c = client(ipServer, null, pemFile(ipNamedCert, dir))) {
      StepVerifier.create(c.nodes()).expectNext(List.of()).expectComplete().verify(T);
    }
    // Trusted, but it does not name 127.0.0.1: CA mode keeps host-name verification.
    try (ProxmoxClient c = client(server, null, pemFile(nodeNamedCert, dir))) {
      StepVerifier.create(c.nodes()).expectError(ProxmoxTransportException.class).verify(T);
    }
  }

  @Test
  void theClientsTrustSecuresOtherConnectionsTheSameWay(@TempDir Path dir) throws Exception {
    String caFile = pemFile(ipNamedCert, dir);
    try (ProxmoxClient pinned = client(server, fingerprint, null);
        ProxmoxClient byCa = client(ipServer, null, caFile)) {
      assertThat(pinned.trust()).isEqualTo(new ProxmoxTrust(fingerprint, null));
      assertThat(byCa.trust().caCertificates()).isEqualTo(Files.readString(Path.of(caFile)));
      assertThat(get(pinned.trust(), server)).isEqualTo(200);
      assertThat(get(byCa.trust(), ipServer)).isEqualTo(200);
    }
    // the same CA does not name the node-named server's address: refused like the client does
    assertThat(get(new ProxmoxTrust(null, Files.readString(Path.of(caFile))), server))
        .isEqualTo(-1);
    assertThat(get(ProxmoxTrust.SYSTEM, ipServer)).isEqualTo(-1);
  }

  private static int get(ProxmoxTrust trust, ScriptedServer target) {
    return trust
        .secure(reactor.netty.http.client.HttpClient.create())
        .get()
        .uri(target.baseUrl() + "/api2/json/nodes")
        .response()
        .map(r -> r.status().code())
        .onErrorReturn(-1)
        .block(T);
  }
}
