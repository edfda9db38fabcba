package io.pvepanel.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hole 1 of issue #13 at the live channel (docs/security.md): frames are sized for the channel's
 * own messages, so a client cannot push tens of kilobytes of padded token per frame.
 */
class LiveChannelAttackTests {

  static final Duration T = Duration.ofSeconds(10);
  static LiveGateways gw;

  @BeforeAll
  static void start() {
    gw = LiveGateways.get();
  }

  @Test
  void anAuthFrameLargerThanTheChannelsMessagesIsRefusedAndCloses() {
    String padded = TestTokens.user("1") + "~".repeat(9 * 1024);
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.auth(padded);
      assertThat(ws.awaitClose(T)).isEqualTo(1009);
    }
    // a padded token that fits the frame is still no token
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.auth(TestTokens.user("1") + "~~~~");
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
    }
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.authenticate(TestTokens.user("1"));
    }
  }
}
