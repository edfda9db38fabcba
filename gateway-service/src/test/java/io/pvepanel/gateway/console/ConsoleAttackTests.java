package io.pvepanel.gateway.console;

import static io.pvepanel.gateway.console.ConsoleRelayIntegrationTests.auth;
import static io.pvepanel.gateway.console.ConsoleRelayIntegrationTests.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.events.Topics;
import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, hole 7, attacked over real sockets: a console session id alone opens nothing, another
 * user's token is refused, and a console ends when idle, at its time limit, and when its server is
 * deleted or handed to someone else. (The limits are short in {@link LiveGateways}.)
 */
class ConsoleAttackTests {

  static final Duration T = Duration.ofSeconds(10);
  static LiveGateways gw;

  @BeforeAll
  static void start() {
    gw = ConsoleRelayIntegrationTests.gw = LiveGateways.get();
  }

  @Test
  void theSessionIdAloneOpensNothing() {
    String session = gw.control.putConsole("101", "1", "1");
    try (WsClient thief = WsClient.connect(url(session))) {
      assertThat(thief.awaitClose(T)).isEqualTo(4401);
    }
    try (WsClient thief = WsClient.connect(url(session))) {
      thief.send("0:9:hostname\n");
      assertThat(thief.awaitClose(T)).isEqualTo(4401);
    }
    // another customer who learnt the id
    try (WsClient thief = WsClient.connect(url(session))) {
      thief.send(auth(TestTokens.user("2")));
      assertThat(thief.awaitClose(T)).isEqualTo(4404);
    }
    // the owner's session is still there
    try (WsClient owner = WsClient.connect(url(session))) {
      owner.send(auth(TestTokens.user("1")));
      owner.awaitText(s -> s.contains("root@web01"), T);
    }
  }

  @Test
  void anIdleConsoleIsClosed() {
    try (WsClient console = open("101", "1")) {
      assertThat(console.awaitClose(T)).isEqualTo(4408);
    }
  }

  @Test
  void aBusyConsoleEndsAtItsTimeLimit() {
    try (WsClient console = open("101", "1")) {
      assertThat(awaitCloseWhileBusy(console)).isEqualTo(4409);
    }
  }

  /** Keeps the console busy (a keep-alive every 300 ms) until it is closed; its close code. */
  private static int awaitCloseWhileBusy(WsClient console) {
    Awaitility.await()
        .atMost(T)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              if (!console.isClosed()) {
                console.send("2");
              }
              return console.isClosed();
            });
    return console.closeStatus().code();
  }

  @Test
  void aConsoleEndsWhenItsServerIsDeleted() {
    try (WsClient console = open("103", "1")) {
      gw.publish(
          Topics.SERVER_EVENTS,
          "103",
          "{\"eventId\":\""
              + UUID.randomUUID()
              + "\",\"type\":\"server.deleted\",\"version\":1,"
              + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"serverId\":\"103\"}");
      assertThat(awaitCloseWhileBusy(console)).isEqualTo(4403);
    }
    try (WsClient console = open("103", "1")) {
      gw.publish(Topics.SERVER_INVENTORY, "103", null);
      assertThat(awaitCloseWhileBusy(console)).isEqualTo(4403);
    }
  }

  @Test
  void aConsoleEndsWhenItsServerChangesOwner() {
    try (WsClient console = open("201", "2")) {
      // the same owner again changes nothing
      gw.publish(Topics.SERVER_INVENTORY, "201", inventory("201", "2"));
      gw.publish(Topics.SERVER_INVENTORY, "201", inventory("201", "3"));
      assertThat(awaitCloseWhileBusy(console)).isEqualTo(4403);
    }
  }

  private static String inventory(String serverId, String ownerId) {
    return "{\"eventId\":\""
        + UUID.randomUUID()
        + "\",\"type\":\"server.inventory\",\"version\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\","
        + "\"serverId\":\""
        + serverId
        + "\",\"ownerId\":\""
        + ownerId
        + "\",\"cluster\":\"local\",\"node\":\"pve1\",\"vmid\":"
        + serverId
        + ",\"guestType\":\"lxc\",\"name\":\"web\",\"diskFromAgent\":false}";
  }

  private static WsClient open(String serverId, String ownerId) {
    WsClient console = WsClient.connect(url(gw.control.putConsole(serverId, ownerId, ownerId)));
    console.send(auth(TestTokens.user(ownerId)));
    console.awaitText(s -> s.contains("root@web01"), T);
    return console;
  }
}
