package io.pvepanel.gateway.live;

import static io.pvepanel.gateway.live.LiveChannelIntegrationTests.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.events.Topics;
import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #13 at the live channel (docs/security.md), over real sockets: frames are sized for the
 * channel's own messages (hole 1); a subscription ends with the user's access to its server — the
 * server deleted or handed to another owner — and the cached access answer goes with it; a user
 * holds a bounded number of sockets per instance (hole 8).
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

  @Test
  void aSubscriptionEndsWhenItsServerIsHandedToAnotherOwnerAndItsCachedAnswerGoesWithIt() {
    gw.control.handOver("105", "5");
    try (WsClient owner = WsClient.connect(gw.wsUrl(gw.a));
        WsClient ownerOnB = WsClient.connect(gw.wsUrl(gw.b));
        WsClient admin = WsClient.connect(gw.wsUrl(gw.a))) {
      owner.authenticate(TestTokens.user("5"));
      ownerOnB.authenticate(TestTokens.user("5"));
      admin.authenticate(TestTokens.admin("9"));
      for (WsClient ws : List.of(owner, ownerOnB, admin)) {
        ws.subscribe("105");
        assertThat(ws.has("subscribed", "105")).isTrue();
      }
      // the same owner again changes nothing
      gw.publish(Topics.SERVER_INVENTORY, "105", inventory("105", "5"));
      gw.control.handOver("105", "6");
      gw.publish(Topics.SERVER_INVENTORY, "105", inventory("105", "6"));

      for (WsClient ws : List.of(owner, ownerOnB)) {
        JsonNode gone = ws.awaitFrame(unsubscribedForAccess("105"), T);
        assertThat(gone.path("reason").asString()).isEqualTo("access");
        ws.assertOpen();
      }
      Awaitility.await()
          .atMost(T)
          .until(() -> gw.a.getBean(LiveHub.class).watcherCount("105") == 1);
      // support staff keep watching; the former owner gets nothing more
      gw.publish(Topics.SERVER_METRICS, "105", sample("105", 7));
      admin.awaitFrame(f -> f.path("usage").path("cpuPercent").asDouble() == 7.0, T);
      assertThat(owner.count("server:update", "105")).isZero();
      assertThat(admin.has("unsubscribed", "105")).isFalse();

      // the cached "allowed" went with the record: asking again is refused at once
      owner.sendJson("subscribe:server", "serverId", "105");
      JsonNode refused =
          owner.awaitFrame(
              f ->
                  "error".equals(f.path("type").asString())
                      && "105".equals(f.path("serverId").asString()),
              T);
      assertThat(refused.path("code").asString()).isEqualTo("forbidden");
    }
    // the new owner may watch it
    try (WsClient newOwner = WsClient.connect(gw.wsUrl(gw.a))) {
      newOwner.authenticate(TestTokens.user("6"));
      newOwner.subscribe("105");
      assertThat(newOwner.has("subscribed", "105")).isTrue();
    }
  }

  @Test
  void aDeletedServersWatchersGetItsLastFramesAndNobodySubscribesToItAgain() {
    gw.control.handOver("106", "5");
    try (WsClient owner = WsClient.connect(gw.wsUrl(gw.a))) {
      owner.authenticate(TestTokens.user("5"));
      owner.subscribe("106");
      assertThat(owner.has("subscribed", "106")).isTrue();
      // the access answer is cached now; the deletion must evict it
      gw.control.handOver("106", null);
      // the tombstone may come before the delete's last events (another topic)
      gw.publish(Topics.SERVER_INVENTORY, "106", null);
      gw.publish(
          Topics.SERVER_EVENTS,
          "106",
          "{\"eventId\":\""
              + UUID.randomUUID()
              + "\",\"type\":\"server.deleted\",\"version\":1,"
              + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"serverId\":\"106\"}");
      owner.awaitFrame(
          f ->
              "server:update".equals(f.path("type").asString())
                  && "deleted".equals(f.path("status").asString()),
          T);
      assertThat(owner.has("unsubscribed", "106")).isFalse();
      owner.assertOpen();
    }
    // nobody subscribes to it again: the cached answer went with the deletion
    try (WsClient again = WsClient.connect(gw.wsUrl(gw.a))) {
      again.authenticate(TestTokens.user("5"));
      again.subscribe("106");
      assertThat(again.has("subscribed", "106")).isFalse();
      assertThat(again.has("error", "106")).isTrue();
    }
  }

  @Test
  void aUserHoldsAtMostEightSocketsPerInstance() {
    String user = "71";
    LiveHub hub = gw.a.getBean(LiveHub.class);
    List<WsClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        WsClient ws = WsClient.connect(gw.wsUrl(gw.a));
        sockets.add(ws);
        ws.authenticate(TestTokens.user(user));
      }
      try (WsClient ninth = WsClient.connect(gw.wsUrl(gw.a))) {
        ninth.auth(TestTokens.user(user));
        assertThat(ninth.awaitClose(T)).isEqualTo(4429);
        assertThat(ninth.has("error")).isTrue();
        assertThat(ninth.frames().get(0).path("code").asString()).isEqualTo("too-many-sockets");
      }
      // counted per instance: the other instance has its own count
      try (WsClient onB = WsClient.connect(gw.wsUrl(gw.b))) {
        onB.authenticate(TestTokens.user(user));
      }
      // renewing on a counted socket is no new socket
      sockets.get(0).send("{\"type\":\"auth\",\"token\":\"" + TestTokens.user(user) + "\"}");
      Awaitility.await()
          .atMost(T)
          .until(
              () ->
                  sockets.get(0).frames().stream()
                          .filter(f -> f.path("type").asString().equals("auth:ok"))
                          .count()
                      == 2);
      // one goes, another may come
      sockets.remove(0).close();
      Awaitility.await().atMost(T).until(() -> hub.socketCount(user) == 7);
      WsClient again = WsClient.connect(gw.wsUrl(gw.a));
      sockets.add(again);
      again.authenticate(TestTokens.user(user));
      assertThat(hub.socketCount(user)).isEqualTo(8);
    } finally {
      sockets.forEach(WsClient::close);
    }
    Awaitility.await().atMost(T).until(() -> hub.socketCount(user) == 0);
  }

  private static java.util.function.Predicate<JsonNode> unsubscribedForAccess(String serverId) {
    return f ->
        "unsubscribed".equals(f.path("type").asString())
            && serverId.equals(f.path("serverId").asString())
            && "access".equals(f.path("reason").asString());
  }

  static String inventory(String serverId, String ownerId) {
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
}
