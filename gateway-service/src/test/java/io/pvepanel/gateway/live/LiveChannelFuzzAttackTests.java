package io.pvepanel.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.pvepanel.gateway.support.LiveGateways;
import io.pvepanel.gateway.support.WsClient;
import io.pvepanel.gateway.support.WsClient.Frame;
import io.pvepanel.testsupport.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #13: the live channel and the console relay fuzzed over real sockets (docs/security.md,
 * "Live channel"). jqwik generates frames of every kind — JSON of any shape and nesting, unknown
 * types, {@code subscribe:*} with ids of any text or type, tokens that are none, invalid UTF-8 in
 * text frames, binary frames, strings up to and above the frame limits — sent before and after
 * {@code auth}. Whatever comes, the gateway answers with documented frames or closes with a
 * documented code, never shows an exception, a stack trace or an internal name in a frame or a
 * close reason, and keeps serving another socket (a sentinel that must answer every round). The
 * number of tries is fixed (jqwik's seed is printed on a failure, to replay it).
 */
class LiveChannelFuzzAttackTests {

  static final Duration T = Duration.ofSeconds(10);
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int LIVE_LIMIT = 8 * 1024;
  static final int CONSOLE_LIMIT = 1024 * 1024;

  /** What a frame or close reason must never show. */
  static final Pattern INTERNAL =
      Pattern.compile(
          "(?i)exception|error:|java\\.|javax\\.|io\\.pvepanel|reactor|netty|jackson|spring"
              + "|caused by|\\bat [a-z0-9_$]+\\.|\\.java:|stack|nullpointer");

  static final Set<String> LIVE_TYPES =
      Set.of(
          "auth:ok",
          "token:expiring",
          "subscribed",
          "unsubscribed",
          "server:update",
          "operation:update",
          "alert",
          "error",
          "pong");
  static final Set<String> LIVE_ERRORS =
      Set.of(
          "invalid-token",
          "unauthenticated",
          "auth-timeout",
          "token-expired",
          "user-mismatch",
          "too-many-sockets",
          "forbidden",
          "unavailable",
          "too-many-subscriptions",
          "too-many-operations",
          "bad-frame",
          "frame-too-large",
          "not-found");
  static final Set<String> ERROR_FIELDS =
      Set.of("type", "code", "message", "serverId", "operationId");

  /** The README's close codes of {@code /ws}. */
  static final Set<Integer> LIVE_CLOSE = Set.of(1009, 4000, 4401, 4408, 4429);

  /** The README's close codes of {@code /ws/console/*} (1009: a frame above its limit). */
  static final Set<Integer> CONSOLE_CLOSE =
      Set.of(1000, 1009, 4401, 4403, 4404, 4408, 4409, 4502, 4503);

  static LiveGateways gw;
  static WsClient sentinel;
  static final AtomicInteger round = new AtomicInteger();

  @BeforeContainer
  static void start() {
    gw = LiveGateways.get();
    sentinel = WsClient.connect(gw.wsUrl(gw.a));
    sentinel.authenticate(TestTokens.user("1"));
  }

  @AfterContainer
  static void stop() {
    if (sentinel != null) {
      sentinel.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // /ws

  @Property(tries = 200, shrinking = ShrinkingMode.OFF)
  void anyFramesOnTheLiveChannelGetDocumentedAnswers(
      @ForAll boolean authenticateFirst, @ForAll("liveFrames") List<Frame> frames) {
    int n = round.incrementAndGet();
    String marker = "m-" + n;
    try (WsClient ws = WsClient.connect(gw.wsUrl(gw.a))) {
      if (authenticateFirst) {
        ws.authenticate(TestTokens.user("fz" + n));
      }
      frames.forEach(ws::send);
      // handled in order: its acknowledgement (or the close) says every frame was handled
      ws.send("{\"type\":\"unsubscribe:server\",\"serverId\":\"" + marker + "\"}");
      Awaitility.await()
          .atMost(T)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> ws.isClosed() || ws.has("unsubscribed", marker));

      if (ws.isClosed()) {
        assertThat(ws.awaitClose(T)).as("a close frame, not a dropped connection").isIn(LIVE_CLOSE);
        assertClean(ws.closeStatus().reasonText());
      }
      for (String text : ws.received()) {
        assertDocumentedLiveFrame(text);
      }
    }
    assertSentinelServed();
  }

  private static void assertDocumentedLiveFrame(String text) {
    JsonNode frame = JSON.readTree(text);
    assertThat(frame.isObject()).as(text).isTrue();
    String type = frame.path("type").asString("");
    assertThat(type).as(text).isIn(LIVE_TYPES);
    if (type.equals("error")) {
      assertThat(frame.path("code").asString("")).as(text).isIn(LIVE_ERRORS);
      assertClean(frame.path("message").asString(""));
      frame.propertyNames().forEach(name -> assertThat(name).as(text).isIn(ERROR_FIELDS));
    }
  }

  private static void assertClean(String text) {
    assertThat(INTERNAL.matcher(text == null ? "" : text).find())
        .as("shows nothing internal: %s", text)
        .isFalse();
  }

  /** The sentinel socket, open since the start, still answers. */
  private static void assertSentinelServed() {
    long pongs =
        sentinel.frames().stream().filter(f -> f.path("type").asString().equals("pong")).count();
    sentinel.send("{\"type\":\"ping\"}");
    Awaitility.await()
        .atMost(T)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                sentinel.frames().stream()
                        .filter(f -> f.path("type").asString().equals("pong"))
                        .count()
                    > pongs);
    sentinel.assertOpen();
  }

  @Provide
  Arbitrary<List<Frame>> liveFrames() {
    return Arbitraries.frequencyOf(
            Tuple.of(6, typedFrame().map(Frame::text)),
            Tuple.of(3, anyJson(6).map(Frame::text)),
            Tuple.of(2, hostileText(LIVE_LIMIT).map(Frame::text)),
            Tuple.of(1, invalidUtf8()),
            Tuple.of(1, binary(LIVE_LIMIT)),
            Tuple.of(1, huge(LIVE_LIMIT)),
            Tuple.of(1, deepNesting(LIVE_LIMIT).map(Frame::text)))
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  /** A frame with a type the channel knows (or not) and fields of any kind. */
  static Arbitrary<String> typedFrame() {
    Arbitrary<Object> type =
        Arbitraries.oneOf(
            Arbitraries.of(
                "auth",
                "subscribe:server",
                "unsubscribe:server",
                "subscribe:operation",
                "ping",
                "AUTH",
                "subscribe",
                "",
                "server:update",
                "auth:ok"),
            weirdValue());
    Arbitrary<String> key =
        Arbitraries.oneOf(
            Arbitraries.of("token", "serverId", "operationId", "type", "__proto__", ""),
            Arbitraries.strings().all().ofMaxLength(20));
    return Arbitraries.maps(key, weirdValue())
        .ofMaxSize(4)
        .flatMap(
            fields ->
                type.map(
                    t -> {
                      Map<String, Object> frame = new LinkedHashMap<>();
                      frame.put("type", t);
                      frame.putAll(fields);
                      return JSON.writeValueAsString(frame);
                    }));
  }

  /** Ids, tokens and values that are no such thing. */
  static Arbitrary<Object> weirdValue() {
    return Arbitraries.<Object>oneOf(
        Arbitraries.strings().all().ofMaxLength(80).map(s -> (Object) s),
        Arbitraries.strings().withCharRange('0', 'z').ofMinLength(60).ofMaxLength(70).map(s -> s),
        Arbitraries.of(
            "101",
            "201",
            "op-1",
            "../101",
            "101\u0000",
            "\u202e101",
            "' OR 1=1 --",
            "${jndi:ldap://x}",
            "%s%s%s",
            "eyJhbGciOiJub25lIn0.eyJpZCI6IjEifQ.",
            "not.a.token"),
        Arbitraries.integers().map(i -> i),
        Arbitraries.doubles().map(d -> d),
        Arbitraries.just(true),
        Arbitraries.just((Object) List.of()),
        Arbitraries.just((Object) Map.of("id", "101")),
        Arbitraries.integers().between(1, 7000).map(length -> (Object) "9".repeat(length)),
        Arbitraries.integers().between(1, 1_000_000).map(n -> (Object) TestTokens.user("fy" + n)),
        Arbitraries.just(TestTokens.user("1") + "~~"));
  }

  /** JSON of any shape and nesting: scalars, arrays and objects inside one another. */
  static Arbitrary<String> anyJson(int depth) {
    Arbitrary<Object> tree =
        Arbitraries.recursive(
            () ->
                Arbitraries.oneOf(
                    Arbitraries.strings().all().ofMaxLength(40).map(s -> (Object) s),
                    Arbitraries.longs().map(l -> l),
                    Arbitraries.doubles().map(d -> d),
                    Arbitraries.of(true, false).map(b -> (Object) b),
                    Arbitraries.just((Object) null)),
            inner ->
                Arbitraries.oneOf(
                    inner.list().ofMaxSize(4).map(l -> (Object) l),
                    Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(12), inner)
                        .ofMaxSize(4)
                        .map(m -> (Object) m)),
            0,
            depth);
    return tree.map(JSON::writeValueAsString);
  }

  /** Text that is not JSON, or barely. */
  static Arbitrary<String> hostileText(int limit) {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.of(
            "",
            " ",
            "null",
            "{",
            "}",
            "[]",
            "{\"type\":}",
            "{\"type\":\"auth\",\"token\":",
            "{\"type\":\"auth\" \"token\":\"x\"}",
            "{\"type\":\"ping\"}{\"type\":\"ping\"}",
            "{\"type\":\"ping\",\"type\":\"auth\"}",
            "\uFEFF{\"type\":\"ping\"}",
            "{'type':'ping'}",
            "1e999999",
            "\"\\ud800\""),
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(limit - 64).ofMaxLength(limit));
  }

  /** A text frame whose bytes are not UTF-8. */
  static Arbitrary<Frame> invalidUtf8() {
    Arbitrary<byte[]> broken =
        Arbitraries.of(
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82});
    Arbitrary<String> around =
        Arbitraries.of("", "{\"type\":\"", "{\"type\":\"auth\",\"token\":\"");
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(64)
        .flatMap(
            random ->
                broken.flatMap(
                    bad ->
                        around.map(
                            prefix -> {
                              byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
                              byte[] all = new byte[head.length + bad.length + random.length];
                              System.arraycopy(head, 0, all, 0, head.length);
                              System.arraycopy(bad, 0, all, head.length, bad.length);
                              System.arraycopy(
                                  random, 0, all, head.length + bad.length, random.length);
                              return new Frame(false, all);
                            })));
  }

  static Arbitrary<Frame> binary(int limit) {
    return Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(256),
            Arbitraries.integers().between(0, limit).map(n -> new byte[n]))
        .map(bytes -> new Frame(true, bytes));
  }

  /** Strings just below, at and above the frame limit. */
  static Arbitrary<Frame> huge(int limit) {
    return Arbitraries.integers()
        .between(limit - 16, limit + 16)
        .flatMap(
            size ->
                Arbitraries.of("a", "é", "\uD83D\uDE00", "{\"type\":\"ping\",\"pad\":\"")
                    .map(
                        unit -> {
                          if (unit.length() > 4) {
                            return Frame.text(unit + "x".repeat(Math.max(0, size - unit.length())));
                          }
                          int bytes = unit.getBytes(StandardCharsets.UTF_8).length;
                          return Frame.text(unit.repeat(Math.max(1, size / bytes)));
                        }));
  }

  static Arbitrary<String> deepNesting(int limit) {
    return Arbitraries.integers()
        .between(1, limit / 2 - 8)
        .flatMap(
            depth ->
                Arbitraries.of("[", "{\"a\":")
                    .map(
                        open -> {
                          int d = open.length() == 1 ? depth : depth / 5;
                          String close = open.length() == 1 ? "]" : "}";
                          return open.repeat(d) + "1" + close.repeat(d);
                        }));
  }

  // ---------------------------------------------------------------------------------------------
  // /ws/console/{id}

  @Property(tries = 60, shrinking = ShrinkingMode.OFF)
  void anyFramesBeforeAConsoleIsOpenCloseItWithADocumentedCode(
      @ForAll("sessionIds") String sessionId, @ForAll("consoleFrames") List<Frame> frames) {
    // a real session, of a user no generated token names (the stub does not check signatures)
    String id = sessionId.isEmpty() ? gw.control.putConsole("101", "77", "77") : sessionId;
    try (WsClient ws = WsClient.connect(consoleUrl(id))) {
      frames.forEach(ws::send);
      int code = ws.awaitClose(T);
      if (ws.failure() != null) {
        // a path the server cannot take as a session id (e.g. an encoded control character) is
        // refused before the upgrade: a client error, never a server error
        assertThat(ws.failure()).isInstanceOf(WebSocketClientHandshakeException.class);
        assertThat(((WebSocketClientHandshakeException) ws.failure()).response().status().code())
            .as("refused upgrade of " + id)
            .isBetween(400, 499);
        assertThat(sessionId).as("a real session's upgrade is accepted").isNotEmpty();
        assertSentinelServed();
        return;
      }
      if (code == -1) {
        assertThat(aboveTheSocketsLimit(frames)).as("cut only while sending a huge frame").isTrue();
      } else {
        assertThat(code).isIn(1009, 4401, 4404);
        assertClean(ws.closeStatus().reasonText());
      }
      assertThat(ws.received()).as("nothing relayed before the console is open").isEmpty();
    }
    assertSentinelServed();
  }

  @Property(tries = 60, shrinking = ShrinkingMode.OFF)
  void anyFramesInAnOpenConsoleAreRelayedOrEndItWithADocumentedCode(
      @ForAll("consoleFrames") List<Frame> frames) {
    int n = round.incrementAndGet();
    String marker = "marker-" + n;
    try (WsClient ws = WsClient.connect(consoleUrl(gw.control.putConsole("101", "1", "1")))) {
      ws.send("{\"type\":\"auth\",\"token\":\"" + TestTokens.user("1") + "\"}");
      ws.awaitText(s -> s.contains("root@web01"), T);
      frames.forEach(ws::send);
      ws.send(marker);
      Awaitility.await()
          .atMost(T)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> ws.isClosed() || ws.received().stream().anyMatch(marker::equals));
      if (ws.isClosed()) {
        int code = ws.awaitClose(T);
        if (code == -1) {
          assertThat(aboveTheSocketsLimit(frames))
              .as("a close frame, not a dropped connection (but for a frame too large)")
              .isTrue();
        } else {
          assertThat(code).isIn(CONSOLE_CLOSE);
          assertClean(ws.closeStatus().reasonText());
        }
      }
    }
    assertSentinelServed();
  }

  /** "" stands for a real session (registered per try); the others cannot be one. */
  @Provide
  Arbitrary<String> sessionIds() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")
            .ofMinLength(1)
            .ofMaxLength(200),
        Arbitraries.strings()
            .all()
            .excludeChars('/', '\\', '%', '?', '#', ';')
            .ofMinLength(1)
            .ofMaxLength(40)
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")));
  }

  @Provide
  Arbitrary<List<Frame>> consoleFrames() {
    Arbitrary<Frame> authLike =
        weirdValue()
            .map(
                token -> {
                  Map<String, Object> frame = new LinkedHashMap<>();
                  frame.put("type", "auth");
                  frame.put("token", token);
                  return Frame.text(JSON.writeValueAsString(frame));
                });
    return Arbitraries.frequencyOf(
            Tuple.of(3, authLike),
            Tuple.of(3, typedFrame().map(Frame::text)),
            Tuple.of(2, anyJson(6).map(Frame::text)),
            Tuple.of(3, hostileText(2048).map(Frame::text)),
            Tuple.of(2, invalidUtf8()),
            Tuple.of(2, binary(64 * 1024)),
            Tuple.of(1, huge(CONSOLE_LIMIT)))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  /**
   * Whether the client sent a frame of 32 KiB or more: a close that reaches this client while it is
   * still writing such a frame (more than the sockets' buffers take at once) may be lost with the
   * connection, which the server resets when data arrives after it closed (a 65,535-byte frame did
   * so); above the 1 MB limit Netty itself closes with 1009 while the rest of the frame is still
   * coming. Smaller frames must always get their close code.
   */
  private static boolean aboveTheSocketsLimit(List<Frame> frames) {
    return frames.stream().anyMatch(f -> f.payload().length >= 32 * 1024);
  }

  private static String consoleUrl(String sessionId) {
    return "ws://127.0.0.1:" + LiveGateways.port(gw.a) + "/ws/console/" + sessionId;
  }
}
