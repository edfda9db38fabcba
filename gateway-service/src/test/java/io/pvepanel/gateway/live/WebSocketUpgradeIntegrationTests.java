package io.pvepanel.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.gateway.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The upgrade when whatever ran before it finished on another thread, as a filter chain can: every
 * handler still starts on the connection's event loop, and the first frame a client sends right
 * after the 101 always arrives (it used to be lost now and then, which the live channel showed as
 * an auth timeout).
 */
class WebSocketUpgradeIntegrationTests {

  private final Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
  private DisposableServer server;

  @BeforeEach
  void start() {
    WebSocketService upgrades =
        new HandshakeWebSocketService(new AbortableUpgradeStrategy(WebsocketServerSpec::builder));
    WebSocketHandler echoFirstFrame =
        session -> {
          handlerThreads.add(Thread.currentThread().getName());
          return session.send(
              session
                  .receive()
                  .take(1)
                  .map(m -> session.textMessage("echo:" + m.getPayloadAsText())));
        };
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                new ReactorHttpHandlerAdapter(
                    WebHttpHandlerBuilder.webHandler(
                            exchange ->
                                // finishes on Reactor's parallel scheduler, off the event loop
                                Mono.delay(Duration.ofMillis(1))
                                    .then(upgrades.handleRequest(exchange, echoFirstFrame)))
                        .build()))
            .bindNow(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    server.disposeNow(Duration.ofSeconds(10));
  }

  @Test
  void aFrameSentRightAfterTheHandshakeAlwaysArrivesWhenTheUpgradeStartsOffTheEventLoop() {
    String url = "ws://127.0.0.1:" + server.port() + "/ws";
    for (int round = 0; round < 6; round++) {
      List<WsClient> clients = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        WsClient client = WsClient.connect(url);
        client.send("frame-" + i);
        clients.add(client);
      }
      for (int i = 0; i < clients.size(); i++) {
        String expected = "echo:frame-" + i;
        try (WsClient client = clients.get(i)) {
          client.awaitText(expected::equals, Duration.ofSeconds(10));
        }
      }
    }
    assertThat(handlerThreads).isNotEmpty().allMatch(name -> name.startsWith("reactor-http-"));
  }
}
