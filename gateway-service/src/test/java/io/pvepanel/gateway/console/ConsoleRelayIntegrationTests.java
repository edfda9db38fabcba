package io.pvepanel.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's half of a console: browser ⇄ gateway ⇄ control service ({@code console.relay}, here
 * the RSocket stub, which echoes). The control service's half, to Proxmox, is tested there.
 */
class ConsoleRelayIntegrationTests {

  static final Duration T = Duration.ofSeconds(10);
  static LiveGateways gw;

  @BeforeAll
  static void start() {
    gw = LiveGateways.get();
  }

  static String url(String session) {
    return "ws://127.0.0.1:" + LiveGateways.port(gw.a) + "/ws/console/" + session;
  }

  static String auth(String token) {
    return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  @Test
  void relaysBothWaysAfterTheAuthFrameAndRefusesASecondUse() {
    String session = gw.control.putConsole("101", "1", "1");
    try (WsClient console = WsClient.connect(url(session))) {
      console.send(auth(TestTokens.user("1")));
      console.awaitText(s -> s.contains("root@web01"), T);
      console.send("0:9:hostname\n");
      console.awaitText(s -> s.contains("0:9:hostname"), T);
    }
    try (WsClient again = WsClient.connect(url(session))) {
      again.send(auth(TestTokens.user("1")));
      assertThat(again.awaitClose(T)).isEqualTo(4404);
      assertThat(again.closeStatus().reasonText()).contains("not found, used or expired");
    }
    // every connection to the control service presented the service token
    assertThat(gw.control.serviceTokens()).containsOnly(TestTokens.SERVICE_TOKEN);
  }

  @Test
  void unknownSessionIsRefused() {
    try (WsClient console = WsClient.connect(url("0123456789abcdef0123456789abcdef"))) {
      console.send(auth(TestTokens.user("1")));
      assertThat(console.awaitClose(T)).isEqualTo(4404);
    }
    // an id that cannot be one: the same answer, at the same moment
    try (WsClient console = WsClient.connect(url("bad"))) {
      console.send(auth(TestTokens.user("1")));
      assertThat(console.awaitClose(T)).isEqualTo(4404);
    }
  }
}
