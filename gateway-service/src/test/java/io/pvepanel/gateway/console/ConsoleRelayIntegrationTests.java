package io.pvepanel.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.proxmox.simulator.GuestSeed;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.proxmox.simulator.SimulatorConfig;
import io.pvepanel.rsocket.ConsoleRedeemAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console relay end to end: gateway ⇄ Proxmox simulator's termproxy via vncwebsocket, over
 * plain HTTP and over HTTPS trusted by CA file or pin.
 */
class ConsoleRelayIntegrationTests {

  static final Duration T = Duration.ofSeconds(10);
  static LiveGateways gw;
  // a cluster served over HTTPS with its own self-signed certificate, like a PVE node
  static ProxmoxSimulator tls;

  @BeforeAll
  static void start() {
    gw = LiveGateways.get();
    tls =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .port(0)
                .https(true)
                .taskDuration(Duration.ZERO)
                .unauthorizedDelay(Duration.ZERO)
                .seed(GuestSeed.demo())
                .build());
  }

  @AfterAll
  static void stop() {
    if (tls != null) {
      tls.close();
    }
  }

  String url(String session) {
    return "ws://127.0.0.1:" + LiveGateways.port(gw.a) + "/ws/console/" + session;
  }

  @Test
  void relaysAnXtermSessionAndRefusesItsSecondUse() throws Exception {
    String session = gw.control.createXtermSession(gw.proxmox);
    try (WsClient console = WsClient.connectBinary(url(session))) {
      // the relay authenticated with the ticket itself and consumed the OK: output starts with
      // the banner
      console.awaitText(s -> s.contains("root@web01"), T);
      assertThat(console.received().get(0)).doesNotStartWith("OK").doesNotContain("PVEVNC");
      console.send("0:9:hostname\n");
      console.awaitText(s -> s.contains("web01\r\n"), T);
      console.send("1:120:40:");
      console.send("2");
      console.send("0:3:id\n");
      console.awaitText(s -> s.contains("uid=0(root)"), T);
    }
    try (WsClient again = WsClient.connectBinary(url(session))) {
      assertThat(again.awaitClose(T)).isEqualTo(4404);
      assertThat(again.closeStatus().reasonText()).contains("not found, used or expired");
    }
  }

  @Test
  void relaysToAClusterTrustedByItsCaFile(@TempDir Path dir) throws Exception {
    Path caFile = dir.resolve("pve-root-ca.pem");
    Files.writeString(caFile, tls.tlsCertificatePem());
    String session = gw.control.createXtermSession(tls, null, caFile.toString());
    try (WsClient console = WsClient.connectBinary(url(session))) {
      console.awaitText(s -> s.contains("root@web01"), T);
      console.send("0:9:hostname\n");
      console.awaitText(s -> s.contains("web01\r\n"), T);
    }
  }

  @Test
  void relaysToAClusterTrustedByItsPin() {
    String session = gw.control.createXtermSession(tls, tls.tlsFingerprint(), null);
    try (WsClient console = WsClient.connectBinary(url(session))) {
      console.awaitText(s -> s.contains("root@web01"), T);
    }
  }

  @Test
  void aClusterCertificateNothingTrustsIsRefused() throws Exception {
    // a working session on the HTTPS cluster, but the answer names no trust: the JDK's trust
    // store does not know the self-signed certificate
    String pinned = gw.control.createXtermSession(tls, tls.tlsFingerprint(), null);
    ConsoleRedeemAnswer answer = gw.control.takeSession(pinned);
    String session =
        gw.control.putSession(
            new ConsoleRedeemAnswer(
                answer.serverId(),
                answer.userId(),
                answer.console(),
                answer.url(),
                answer.headers(),
                answer.handshake(),
                null,
                null));
    try (WsClient console = WsClient.connectBinary(url(session))) {
      assertThat(console.awaitClose(T)).isEqualTo(4502);
    }
  }

  @Test
  void unknownSessionIsRefused() {
    try (WsClient console = WsClient.connectBinary(url("0123456789abcdef0123456789abcdef"))) {
      assertThat(console.awaitClose(T)).isEqualTo(4404);
    }
    try (WsClient console = WsClient.connectBinary(url("bad"))) {
      assertThat(console.awaitClose(T)).isEqualTo(4404);
    }
  }
}
