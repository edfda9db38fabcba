package io.pvepanel.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console relay end to end: gateway ⇄ Proxmox simulator's termproxy via vncwebsocket. */
class ConsoleRelayIntegrationTests {

  static final Duration T = Duration.ofSeconds(10);
  static LiveGateways gw;

  @BeforeAll
  static void start() {
    gw = LiveGateways.get();
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
  void unknownSessionIsRefused() {
    try (WsClient console = WsClient.connectBinary(url("0123456789abcdef0123456789abcdef"))) {
      assertThat(console.awaitClose(T)).isEqualTo(4404);
    }
    try (WsClient console = WsClient.connectBinary(url("bad"))) {
      assertThat(console.awaitClose(T)).isEqualTo(4404);
    }
  }
}
