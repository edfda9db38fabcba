package io.pvepanel.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.RawWsClient;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The {@code /ws} protocol end to end: two gateway instances, Kafka, the RSocket stub. */
class LiveChannelIntegrationTests {

  static final Duration T = Duration.ofSeconds(10);
  static LiveGateways gw;

  @BeforeAll
  static void start() {
    gw = LiveGateways.get();
  }

  static String sample(String serverId, double cpu) {
    return EventJson.write(
        new MetricSample(
            UUID.randomUUID(),
            MetricSample.TYPE,
            MetricSample.VERSION,
            Instant.now(),
            serverId,
            "1",
            MetricSample.DATA_OK,
            "running",
            cpu,
            512L,
            2048L,
            25.0,
            1000L,
            10000L,
            10.0,
            1.5,
            2.5,
            3600L));
  }

  @Test
  void authOkThenPingPong() {
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.auth(TestTokens.user("1"));
      JsonNode ok = ws.awaitFrame("auth:ok", T);
      assertThat(ok.path("userId").asString()).isEqualTo("1");
      assertThat(ok.path("expiresAt").asString()).isNotBlank();
      ws.send("{\"type\":\"ping\"}");
      ws.awaitFrame("pong", T);
    }
  }

  @Test
  void noAuthWithinTheTimeoutCloses4401() {
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
      assertThat(ws.has("error")).isTrue();
    }
  }

  @Test
  void invalidTokenOrOtherFirstFrameCloses4401() {
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.auth("not.a.token");
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
      assertThat(ws.awaitFrame("error", T).path("code").asString()).isEqualTo("invalid-token");
    }
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.sendJson("subscribe:server", "serverId", "101");
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
    }
    String expired = TestTokens.token("1", null, false, Duration.ofSeconds(-120));
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.auth(expired);
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
    }
  }

  @Test
  void foreignOriginIsRefusedBeforeTheUpgrade() {
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a), "https://evil.example.test")) {
      Awaitility.await().atMost(T).until(ws::isClosed);
      assertThat(ws.failure()).isNotNull();
      assertThat(ws.failure().getMessage()).contains("403");
    }
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a), "https://panel.example.test")) {
      ws.authenticate(TestTokens.user("1"));
    }
  }

  @Test
  void tokenExpiringIsAnnouncedAndExpiryCloses() {
    // the test instances announce 2 s before exp
    String shortToken = TestTokens.token("1", null, false, Duration.ofSeconds(3));
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.authenticate(shortToken);
      ws.subscribe("101");
      ws.awaitFrame("token:expiring", T);
      assertThat(ws.awaitClose(T)).isEqualTo(4401);
      assertThat(ws.awaitFrame("error", T).path("code").asString()).isEqualTo("token-expired");
    }
  }

  @Test
  void renewalOnTheSameSocketKeepsItOpen() {
    String shortToken = TestTokens.token("1", null, false, Duration.ofSeconds(3));
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.authenticate(shortToken);
      ws.awaitFrame("token:expiring", T);
      ws.auth(TestTokens.user("1"));
      Awaitility.await()
          .atMost(T)
          .until(
              () ->
                  ws.frames().stream()
                          .filter(f -> f.path("type").asString().equals("auth:ok"))
                          .count()
                      == 2);
      // past the first token's expiry (+1 s) the socket is still open and answers
      Awaitility.await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !ws.isClosed());
      ws.send("{\"type\":\"ping\"}");
      ws.awaitFrame("pong", T);
      // a renewal for another user is refused, the socket stays
      ws.auth(TestTokens.user("2"));
      assertThat(ws.awaitFrame("error", T).path("code").asString()).isEqualTo("user-mismatch");
      ws.assertOpen();
    }
  }

  @Test
  void deliversUpdatesOnlyForSubscribedAndOwnedServers() {
    try (WsClient owner = WsClient.connect(gw.wsUrl(gw.a));
        WsClient other = WsClient.connect(gw.wsUrl(gw.a));
        WsClient stranger = WsClient.connect(gw.wsUrl(gw.a))) {
      owner.authenticate(TestTokens.user("1"));
      other.authenticate(TestTokens.user("1"));
      stranger.authenticate(TestTokens.user("2"));
      owner.subscribe("101");
      other.subscribe("103");
      stranger.subscribe("201");
      // user 2 may not watch 101: error, nothing delivered
      stranger.subscribe("101");
      JsonNode refused =
          stranger.awaitFrame(
              f ->
                  f.path("type").asString().equals("error")
                      && f.path("serverId").asString().equals("101"),
              T);
      assertThat(refused.path("code").asString()).isEqualTo("forbidden");

      gw.publish(Topics.SERVER_METRICS, "103", sample("103", 5));
      gw.publish(Topics.SERVER_METRICS, "101", sample("101", 42.5));
      JsonNode update =
          owner.awaitFrame(
              f ->
                  f.path("type").asString().equals("server:update")
                      && f.path("serverId").asString().equals("101"),
              T);
      assertThat(update.path("status").asString()).isEqualTo("running");
      assertThat(update.path("usage").path("cpuPercent").asDouble()).isEqualTo(42.5);
      assertThat(update.path("usage").path("memoryUsedBytes").asLong()).isEqualTo(512L);
      other.awaitFrame(
          f ->
              f.path("serverId").asString().equals("103")
                  && f.path("type").asString().equals("server:update"),
          T);
      // 103 reached its subscriber, so it would have reached owner too had it been delivered
      assertThat(owner.has("server:update", "103")).isFalse();
      assertThat(stranger.has("server:update", "101")).isFalse();

      // operations and status changes from server.events, alerts from alert.events
      gw.publish(
          Topics.SERVER_EVENTS,
          "101",
          EventJson.write(
              new ServerEvent(
                  UUID.randomUUID(),
                  ServerEvent.OPERATION_SUCCEEDED,
                  1,
                  Instant.now(),
                  "101",
                  "1",
                  null,
                  "web01",
                  "running",
                  new ServerEvent.Operation(
                      "op-9", "start", "succeeded", null, Instant.now(), Instant.now()))));
      gw.publish(
          Topics.SERVER_EVENTS,
          "101",
          EventJson.write(
              new ServerEvent(
                  UUID.randomUUID(),
                  ServerEvent.STATUS_CHANGED,
                  1,
                  Instant.now(),
                  "101",
                  "1",
                  null,
                  "web01",
                  "stopped",
                  null)));
      gw.publish(
          Topics.ALERT_EVENTS,
          "101",
          EventJson.write(
              new AlertEvent(
                  UUID.randomUUID(),
                  AlertEvent.FIRING,
                  1,
                  Instant.now(),
                  "101",
                  "1",
                  "1@example.test",
                  "web01",
                  "al-1",
                  "r-1",
                  "cpu high",
                  "cpu",
                  ">",
                  90,
                  95.0,
                  Instant.now(),
                  null)));
      JsonNode op = owner.awaitFrame("operation:update", T);
      assertThat(op.path("id").asString()).isEqualTo("op-9");
      assertThat(op.path("state").asString()).isEqualTo("succeeded");
      owner.awaitFrame(
          f ->
              f.path("type").asString().equals("server:update")
                  && f.path("status").asString().equals("stopped"),
          T);
      JsonNode alert = owner.awaitFrame("alert", T);
      assertThat(alert.path("event").asString()).isEqualTo("firing");
      assertThat(alert.has("ownerEmail")).isFalse();

      // unsubscribe stops deliveries
      owner.sendJson("unsubscribe:server", "serverId", "101");
      owner.awaitFrame("unsubscribed", T);
      long before = owner.count("server:update", "101");
      gw.publish(Topics.SERVER_METRICS, "101", sample("101", 1));
      try (WsClient probe = WsClient.connect(gw.wsUrl(gw.a))) {
        probe.authenticate(TestTokens.admin("9"));
        probe.subscribe("101");
        gw.publish(Topics.SERVER_METRICS, "101", sample("101", 2));
        probe.awaitFrame(f -> f.path("usage").path("cpuPercent").asDouble() == 2.0, T);
      }
      assertThat(owner.count("server:update", "101")).isEqualTo(before);
    }
  }

  @Test
  void oneRecordReachesSocketsOnBothInstances() {
    try (WsClient onA = WsClient.connect(gw.wsUrl(gw.a));
        WsClient onB = WsClient.connect(gw.wsUrl(gw.b))) {
      onA.authenticate(TestTokens.user("1"));
      onB.authenticate(TestTokens.user("1"));
      onA.subscribe("101");
      onB.subscribe("101");
      gw.publish(Topics.SERVER_METRICS, "101", sample("101", 77.0));
      onA.awaitFrame(f -> f.path("usage").path("cpuPercent").asDouble() == 77.0, T);
      onB.awaitFrame(f -> f.path("usage").path("cpuPercent").asDouble() == 77.0, T);
    }
  }

  static String operationEvent(String serverId, String operationId, String state) {
    String type =
        switch (state) {
          case "queued" -> ServerEvent.OPERATION_QUEUED;
          case "running" -> ServerEvent.OPERATION_RUNNING;
          case "succeeded" -> ServerEvent.OPERATION_SUCCEEDED;
          default -> ServerEvent.OPERATION_FAILED;
        };
    boolean finished = state.equals("succeeded") || state.equals("failed");
    return EventJson.write(
        new ServerEvent(
            UUID.randomUUID(),
            type,
            1,
            Instant.now(),
            serverId,
            "1",
            null,
            "web01",
            "running",
            new ServerEvent.Operation(
                operationId,
                "start",
                state,
                null,
                Instant.now(),
                finished ? Instant.now() : null)));
  }

  static java.util.function.Predicate<JsonNode> operation(String id, String state) {
    return f ->
        f.path("type").asString().equals("operation:update")
            && f.path("id").asString().equals(id)
            && f.path("state").asString().equals(state);
  }

  static long count(WsClient ws, String id, String state) {
    return ws.frames().stream().filter(operation(id, state)).count();
  }

  static void follow(WsClient ws, String operationId) {
    ws.sendJson("subscribe:operation", "operationId", operationId);
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aFollowGetsTheStateNowThenKafkasUpdatesOnceUntilTheOperationFinishes() {
    LiveHub hub = gw.a.getBean(LiveHub.class);
    String op = unique("op-f");
    String marker = unique("op-m");
    try (WsClient follower = WsClient.connect(gw.wsUrl(gw.a));
        WsClient watcher = WsClient.connect(gw.wsUrl(gw.a))) {
      follower.authenticate(TestTokens.user("1"));
      watcher.authenticate(TestTokens.user("1"));
      watcher.subscribe("101");
      follow(follower, op);
      follow(watcher, op);
      // the state now, from the control service's operation.access
      follower.awaitFrame(operation(op, "queued"), T);
      watcher.awaitFrame(operation(op, "queued"), T);
      Awaitility.await().atMost(T).until(() -> hub.followerCount(op) == 2);

      gw.publish(Topics.SERVER_EVENTS, "101", operationEvent("101", op, "running"));
      gw.publish(Topics.SERVER_EVENTS, "101", operationEvent("101", op, "succeeded"));
      follower.awaitFrame(operation(op, "succeeded"), T);
      watcher.awaitFrame(operation(op, "succeeded"), T);
      // the follow ended with the operation
      Awaitility.await().atMost(T).until(() -> hub.followerCount(op) == 0);
      // each update once, also to the socket that follows it and watches its server
      assertThat(count(follower, op, "running")).isEqualTo(1);
      assertThat(count(watcher, op, "running")).isEqualTo(1);
      assertThat(count(watcher, op, "queued")).isEqualTo(1);
      assertThat(count(watcher, op, "succeeded")).isEqualTo(1);

      // a later record of it reaches a socket that only watches the server, none that followed
      // it to its end; the marker (same partition, after it) shows they have been offered it
      try (WsClient plain = WsClient.connect(gw.wsUrl(gw.a))) {
        plain.authenticate(TestTokens.user("1"));
        plain.subscribe("101");
        follow(follower, marker);
        follower.awaitFrame(operation(marker, "queued"), T);
        gw.publish(Topics.SERVER_EVENTS, "101", operationEvent("101", op, "failed"));
        gw.publish(Topics.SERVER_EVENTS, "101", operationEvent("101", marker, "running"));
        plain.awaitFrame(operation(op, "failed"), T);
        follower.awaitFrame(operation(marker, "running"), T);
        watcher.awaitFrame(operation(marker, "running"), T);
        assertThat(count(follower, op, "failed")).isZero();
        assertThat(count(watcher, op, "failed")).isZero();
      }
      // following it again is a repeat: nothing more
      follow(watcher, op);
      watcher.send("{\"type\":\"ping\"}");
      watcher.awaitFrame("pong", T);
      assertThat(watcher.frames()).filteredOn(f -> f.path("id").asString().equals(op)).hasSize(3);
    }
  }

  @Test
  void aSocketFollowsAtMostTwentyOperationsAndIgnoresARepeatedFollow() {
    LiveHub hub = gw.a.getBean(LiveHub.class);
    String prefix = unique("op-l") + "-";
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      ws.authenticate(TestTokens.user("1"));
      for (int i = 1; i <= 20; i++) {
        follow(ws, prefix + i);
      }
      for (int i = 1; i <= 20; i++) {
        ws.awaitFrame(operation(prefix + i, "queued"), T);
      }
      int calls = gw.control.operationCalls();
      follow(ws, prefix + 1);
      follow(ws, prefix + 21);
      JsonNode refused =
          ws.awaitFrame(
              f ->
                  f.path("type").asString().equals("error")
                      && f.path("operationId").asString().equals(prefix + 21),
              T);
      assertThat(refused.path("code").asString()).isEqualTo("too-many-operations");
      // the repeat was ignored: no second answer, no error, no call to the control service
      ws.send("{\"type\":\"ping\"}");
      ws.awaitFrame("pong", T);
      assertThat(count(ws, prefix + 1, "queued")).isEqualTo(1);
      assertThat(ws.frames()).noneMatch(f -> f.path("operationId").asString().equals(prefix + 1));
      assertThat(gw.control.operationCalls()).isEqualTo(calls);
      assertThat(hub.followerCount(prefix + 1)).isEqualTo(1);

      // a finished operation frees its place
      gw.publish(Topics.SERVER_EVENTS, "101", operationEvent("101", prefix + 1, "succeeded"));
      ws.awaitFrame(operation(prefix + 1, "succeeded"), T);
      Awaitility.await().atMost(T).until(() -> hub.followerCount(prefix + 1) == 0);
      follow(ws, prefix + 21);
      ws.awaitFrame(operation(prefix + 21, "queued"), T);
    }
    Awaitility.await().atMost(T).until(() -> hub.followerCount(prefix + 21) == 0);
  }

  @Test
  void aForeignOrUnknownOperationIsRefusedAndNothingOfItDelivered() {
    LiveHub hub = gw.a.getBean(LiveHub.class);
    String foreign = unique("op-x");
    String marker = unique("op-m");
    gw.control.putOperation(foreign, "201", "running");
    try (WsClient stranger = WsClient.connect(gw.wsUrl(gw.a));
        WsClient owner = WsClient.connect(gw.wsUrl(gw.a))) {
      stranger.authenticate(TestTokens.user("1"));
      owner.authenticate(TestTokens.user("2"));
      follow(stranger, foreign);
      JsonNode refused =
          stranger.awaitFrame(
              f ->
                  f.path("type").asString().equals("error")
                      && f.path("operationId").asString().equals(foreign),
              T);
      assertThat(refused.path("code").asString()).isEqualTo("not-found");
      follow(stranger, "nope");
      assertThat(
              stranger
                  .awaitFrame(f -> f.path("operationId").asString().equals("nope"), T)
                  .path("code")
                  .asString())
          .isEqualTo("not-found");
      follow(owner, foreign);
      owner.awaitFrame(operation(foreign, "running"), T);
      Awaitility.await().atMost(T).until(() -> hub.followerCount(foreign) == 1);

      follow(stranger, marker);
      stranger.awaitFrame(operation(marker, "queued"), T);
      gw.publish(Topics.SERVER_EVENTS, "201", operationEvent("201", foreign, "succeeded"));
      gw.publish(Topics.SERVER_EVENTS, "201", operationEvent("101", marker, "running"));
      owner.awaitFrame(operation(foreign, "succeeded"), T);
      stranger.awaitFrame(operation(marker, "running"), T);
      assertThat(stranger.frames())
          .noneMatch(
              f ->
                  f.path("type").asString().equals("operation:update")
                      && f.path("id").asString().equals(foreign));
    }
  }

  @Test
  void slowConsumerIsDroppedWhileOthersKeepReceiving() throws Exception {
    LiveHub hub = gw.a.getBean(LiveHub.class);
    int port = LiveGateways.port(gw.a);
    String server = "103";
    String padding = "x".repeat(4000);
    try (WsClient fast = WsClient.connect(gw.wsUrl(gw.a));
        RawWsClient slow = new RawWsClient(port, "/ws")) {
      fast.authenticate(TestTokens.user("1"));
      fast.subscribe(server);
      slow.sendText("{\"type\":\"auth\",\"token\":\"" + TestTokens.user("1") + "\"}");
      slow.readUntil("auth:ok");
      slow.sendText("{\"type\":\"subscribe:server\",\"serverId\":\"" + server + "\"}");
      slow.readUntil("subscribed");
      Awaitility.await().atMost(T).until(() -> hub.watcherCount(server) == 2);
      // the slow client reads nothing from now on
      int sent = 0;
      for (int batch = 0; batch < 200 && hub.watcherCount(server) == 2; batch++) {
        for (int i = 0; i < 50; i++) {
          hub.publish(
              server,
              "{\"type\":\"server:update\",\"serverId\":\""
                  + server
                  + "\",\"n\":"
                  + sent++
                  + ",\"pad\":\""
                  + padding
                  + "\"}");
        }
        int expected = sent;
        Awaitility.await().atMost(T).until(() -> fast.count("server:update", server) >= expected);
      }
      assertThat(hub.watcherCount(server)).isEqualTo(1);
      fast.assertOpen();
      // the fast socket still receives after the slow one was dropped
      hub.publish(server, "{\"type\":\"server:update\",\"serverId\":\"" + server + "\",\"n\":-1}");
      fast.awaitFrame(f -> f.path("n").asInt() == -1, T);
      // and the slow one's connection is gone (close frame or cut) once it drains
      assertThat(slow.drainUntilClosed()).isTrue();
    }
  }
}
